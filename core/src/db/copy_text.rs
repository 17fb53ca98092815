//! Rows in PostgreSQL's `COPY … (FORMAT text)` format: columns separated by tabs, `\N` for
//! NULL, and backslash, tab, newline and carriage return escaped, so that any text a sample
//! file holds arrives unchanged (including a value that reads `\N`).

use std::io::{self, Write};

/// Writes one row; `None` is NULL.
pub fn write_row(out: &mut dyn Write, fields: &[Option<&str>]) -> io::Result<()> {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b"\t")?;
        }
        match field {
            None => out.write_all(b"\\N")?,
            Some(text) => write_escaped(out, text)?,
        }
    }
    out.write_all(b"\n")
}

fn write_escaped(out: &mut dyn Write, text: &str) -> io::Result<()> {
    let mut rest = text.as_bytes();
    while let Some(at) = rest
        .iter()
        .position(|b| matches!(b, b'\\' | b'\t' | b'\n' | b'\r'))
    {
        out.write_all(&rest[..at])?;
        out.write_all(match rest[at] {
            b'\\' => b"\\\\",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            _ => b"\\r",
        })?;
        rest = &rest[at + 1..];
    }
    out.write_all(rest)
}

#[cfg(test)]
mod tests {
    use super::write_row;

    fn row(fields: &[Option<&str>]) -> String {
        let mut out = Vec::new();
        write_row(&mut out, fields).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn null_and_text_that_looks_like_null_differ() {
        assert_eq!(row(&[None, Some("\\N"), Some("")]), "\\N\t\\\\N\t\n");
    }

    #[test]
    fn separators_inside_values_are_escaped() {
        assert_eq!(
            row(&[Some("a\tb"), Some("line1\nline2\r"), Some("Åsa {\"k\":1}")]),
            "a\\tb\tline1\\nline2\\r\tÅsa {\"k\":1}\n"
        );
    }
}
