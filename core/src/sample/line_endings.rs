//! Turns CRLF and lone CR line ends into LF while a file streams in.
//!
//! The csv crate counts lines by `\n` and, for a CRLF file, gives every record the line
//! of the one before it (the `\n` of `\r\n` is consumed at the start of the next record);
//! classic Mac files (lone `\r`) would all be "line 1". With LF only, its line numbers are right.

use std::io::{self, BufRead, Read};

const CR: u8 = b'\r';
const LF: u8 = b'\n';

/// A reader that yields the input with `\r\n` and lone `\r` replaced by `\n`.
pub(crate) struct LfLineEndings<R> {
    inner: R,
    /// A `\r` was read; whether it pairs with a `\n` depends on the next byte.
    after_cr: bool,
}

impl<R: BufRead> LfLineEndings<R> {
    pub(crate) fn new(inner: R) -> Self {
        Self {
            inner,
            after_cr: false,
        }
    }
}

impl<R: BufRead> Read for LfLineEndings<R> {
    fn read(&mut self, output: &mut [u8]) -> io::Result<usize> {
        if output.is_empty() {
            return Ok(0);
        }
        loop {
            let input = self.inner.fill_buf()?;
            if input.is_empty() {
                if std::mem::take(&mut self.after_cr) {
                    output[0] = LF;
                    return Ok(1);
                }
                return Ok(0);
            }
            let (consumed, written) = convert(input, output, &mut self.after_cr);
            self.inner.consume(consumed);
            if written > 0 {
                return Ok(written);
            }
        }
    }
}

/// Copies `input` to `output` with line ends turned into LF, as far as `output` has room.
/// Returns the bytes consumed from `input` and written to `output`. A `\r` at the end of
/// `input` is held back in `after_cr` until the next byte shows whether a `\n` follows.
fn convert(input: &[u8], output: &mut [u8], after_cr: &mut bool) -> (usize, usize) {
    let mut consumed = 0;
    let mut written = 0;
    for &byte in input {
        if written == output.len() {
            break;
        }
        if std::mem::take(after_cr) {
            output[written] = LF;
            written += 1;
            if byte == LF {
                consumed += 1;
                continue;
            }
            if written == output.len() {
                break;
            }
        }
        consumed += 1;
        if byte == CR {
            *after_cr = true;
        } else {
            output[written] = byte;
            written += 1;
        }
    }
    (consumed, written)
}
