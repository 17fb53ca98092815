//! SPSS `.sav` and Stata `.dta` files, written by ReadStat (vendored C, see `core/build.rs`)
//! one row at a time straight into any `Write`. Both formats fix the number of rows and every
//! string width in the file header, so an export makes two passes over the cases: the first
//! counts them and measures the text columns ([`Measured`]), the second writes. A calculation
//! whose every value is a number becomes a numeric variable.
//!
//! `select_one` answers are stored as codes 1..n (choice order) with value labels, flags as
//! 0 / 1 with value labels, dates and times as the package's own date numbers; variable and
//! value labels are in one language of the questionnaire.
//!
//! A Stata text column whose longest value does not fit `str2045` becomes a `strL`, so that
//! no answer is cut. Stata keeps `strL` texts after the data and ReadStat must know them all
//! before the first row, so for such a file the export reads those columns once more in
//! between ([`StatWriter::add_long_texts`]) and holds just their texts in memory.

use super::cells::{spss_date_seconds, spss_seconds, stata_days, stata_ms, Cell};
use super::columns::{Column, ColumnKind, ColumnPlan};
use super::error::ExportError;
use super::readstat_ffi as ffi;
use crate::form::model::Form;
use std::borrow::Cow;
use std::ffi::{c_long, c_void, CString};
use std::io::Write;

/// The two statistics-package formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatFormat {
    /// SPSS `.sav` (row-compressed).
    Sav,
    /// Stata `.dta`, format 118 (Stata 14 and later, UTF-8).
    Dta,
}

impl StatFormat {
    /// The widest fixed-width string column of the format (Stata's `str2045`; a Stata column
    /// with longer texts becomes a `strL`, without a limit; SPSS cuts at a character boundary,
    /// which only a text of over 8191 four-byte characters reaches).
    pub fn max_text_bytes(self) -> usize {
        match self {
            StatFormat::Sav => 32_767,
            StatFormat::Dta => 2_045,
        }
    }

    fn max_variable_label(self) -> Limit {
        match self {
            StatFormat::Sav => Limit::Bytes(255),
            StatFormat::Dta => Limit::Chars(80),
        }
    }

    fn max_value_label(self) -> Limit {
        match self {
            StatFormat::Sav => Limit::Bytes(120),
            StatFormat::Dta => Limit::Bytes(32_000),
        }
    }

    fn date_format(self, kind: ColumnKind) -> Option<&'static str> {
        match (self, kind) {
            (StatFormat::Sav, ColumnKind::Date) => Some("DATE11"),
            (StatFormat::Sav, ColumnKind::DateTime) => Some("DATETIME20"),
            (StatFormat::Sav, ColumnKind::Integer | ColumnKind::SelectOne | ColumnKind::Flag) => {
                Some("F12.0")
            }
            (StatFormat::Dta, ColumnKind::Date) => Some("%td"),
            (StatFormat::Dta, ColumnKind::DateTime) => Some("%tc"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Limit {
    Bytes(usize),
    Chars(usize),
}

/// `text` cut to `limit` at a character boundary.
fn cut(text: &str, limit: Limit) -> &str {
    let end = match limit {
        Limit::Bytes(max) => {
            let mut end = max.min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            end
        }
        Limit::Chars(max) => text.char_indices().nth(max).map_or(text.len(), |(i, _)| i),
    };
    &text[..end]
}

/// The value of one cell in a statistics file.
#[derive(Debug, Clone, PartialEq)]
pub enum StatValue<'a> {
    Missing,
    Number(f64),
    Text(Cow<'a, str>),
}

/// What a cell becomes in `format`: a number in a `numeric` variable, else text.
pub fn stat_value<'a>(
    cell: &Cell<'a>,
    column: &Column,
    format: StatFormat,
    numeric: bool,
) -> StatValue<'a> {
    let value = match cell {
        Cell::Missing | Cell::UnknownChoice(_) => StatValue::Missing,
        Cell::Int(n) => StatValue::Number(*n as f64),
        Cell::Num(x) => StatValue::Number(*x),
        Cell::Text(s) => StatValue::Text(Cow::Borrowed(s)),
        Cell::Json(v) => match v.as_f64() {
            Some(n) if numeric => StatValue::Number(n),
            _ => StatValue::Text(Cow::Owned(v.to_string())),
        },
        Cell::Choice(i) => column
            .categories
            .get(*i)
            .map_or(StatValue::Missing, |c| StatValue::Number(f64::from(c.code))),
        Cell::Flag(chosen) => StatValue::Number(if *chosen { 1.0 } else { 0.0 }),
        Cell::Date(d) => StatValue::Number(match format {
            StatFormat::Sav => spss_date_seconds(*d),
            StatFormat::Dta => stata_days(*d),
        }),
        Cell::Timestamp(ms) => StatValue::Number(match format {
            StatFormat::Sav => spss_seconds(*ms),
            StatFormat::Dta => stata_ms(*ms),
        }),
    };
    match (numeric, value) {
        (true, StatValue::Text(_)) => StatValue::Missing,
        (false, StatValue::Number(n)) => StatValue::Text(Cow::Owned(n.to_string())),
        (_, value) => value,
    }
}

/// What the first pass finds: the number of rows, the widest value (in bytes) of every text
/// column, and which text columns hold only numbers (calculations).
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    widths: Vec<usize>,
    only_numbers: Vec<bool>,
    some_number: Vec<bool>,
    rows: i64,
}

impl Measured {
    pub fn new(plan: &ColumnPlan) -> Measured {
        Measured {
            widths: vec![0; plan.len()],
            only_numbers: vec![true; plan.len()],
            some_number: vec![false; plan.len()],
            rows: 0,
        }
    }

    /// Takes one row into account.
    pub fn observe(&mut self, plan: &ColumnPlan, cells: &[Cell<'_>], format: StatFormat) {
        self.rows += 1;
        for (i, (cell, column)) in cells.iter().zip(&plan.columns).enumerate() {
            if column.kind.is_numeric() {
                continue;
            }
            match cell {
                Cell::Missing => {}
                Cell::Json(v) if v.is_number() => self.some_number[i] = true,
                _ => self.only_numbers[i] = false,
            }
            if let StatValue::Text(text) = stat_value(cell, column, format, false) {
                self.widths[i] = self.widths[i].max(text.len());
            }
        }
    }

    /// Rows observed.
    pub fn rows(&self) -> i64 {
        self.rows
    }

    /// Whether column `i` is written as numbers.
    pub fn is_numeric(&self, plan: &ColumnPlan, i: usize) -> bool {
        plan.columns[i].kind.is_numeric() || (self.only_numbers[i] && self.some_number[i])
    }
}

/// What the ReadStat data writer callback writes into.
struct Sink<W> {
    /// Taken back by `finish`.
    out: Option<W>,
    error: Option<std::io::Error>,
}

/// ReadStat's data writer: passes bytes on to the sink's `Write`, keeping the first error.
unsafe extern "C" fn write_to_sink<W: Write>(
    data: *const c_void,
    len: usize,
    ctx: *mut c_void,
) -> isize {
    if ctx.is_null() || (data.is_null() && len > 0) {
        return -1;
    }
    // SAFETY: ctx is the Box<Sink<W>> given to readstat_begin_writing_*, alive for the whole
    // writer; data points to len bytes owned by ReadStat for the duration of this call.
    let sink = unsafe { &mut *(ctx as *mut Sink<W>) };
    let bytes: &[u8] = if len == 0 {
        &[]
    } else {
        unsafe { std::slice::from_raw_parts(data as *const u8, len) }
    };
    let written =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match sink.out.as_mut() {
            Some(out) => out.write_all(bytes),
            None => Err(std::io::Error::other("the export was already finished")),
        }));
    match written {
        Ok(Ok(())) => len as isize,
        Ok(Err(e)) => {
            sink.error = Some(e);
            -1
        }
        Err(_) => {
            sink.error = Some(std::io::Error::other("the output panicked"));
            -1
        }
    }
}

/// A `.sav` or `.dta` file being written.
pub struct StatWriter<W: Write> {
    writer: *mut ffi::readstat_writer_t,
    sink: Box<Sink<W>>,
    variables: Vec<*mut ffi::readstat_variable_t>,
    widths: Vec<usize>,
    numeric: Vec<bool>,
    /// The columns written as Stata `strL`, in plan order.
    long: Vec<usize>,
    /// The `strL` texts of every row, row after row, `long.len()` to a row; null for an empty
    /// text. ReadStat owns them (freed with the writer).
    long_texts: Vec<*mut ffi::readstat_string_ref_t>,
    /// Rows written so far.
    row: usize,
    format: StatFormat,
    buffer: Vec<u8>,
}

/// `text` NUL-terminated in `buffer`, a NUL inside (which C strings cannot hold) written as a
/// space.
fn fill_c_text<'b>(buffer: &'b mut Vec<u8>, text: &str) -> &'b [u8] {
    buffer.clear();
    buffer.extend(text.bytes().map(|b| if b == 0 { b' ' } else { b }));
    buffer.push(0);
    buffer
}

/// `text` as a C string (a NUL inside, impossible in labels from XLSForm, is dropped).
fn c_string(text: &str) -> CString {
    CString::new(text.replace('\0', "")).unwrap_or_default()
}

impl<W: Write> StatWriter<W> {
    /// Writes the file header: variables with labels in `language`, value labels, and the
    /// number of rows measured in the first pass.
    pub fn new(
        out: W,
        format: StatFormat,
        form: &Form,
        plan: &ColumnPlan,
        language: &str,
        measured: &Measured,
        file_label: &str,
    ) -> Result<StatWriter<W>, ExportError> {
        // SAFETY: every pointer below comes from ReadStat and is freed by
        // readstat_writer_free in Drop; strings passed in are NUL-terminated and ReadStat
        // copies them before the call returns.
        let writer = unsafe { ffi::readstat_writer_init() };
        if writer.is_null() {
            return Err(ExportError::StatFile("out of memory".into()));
        }
        let mut this = StatWriter {
            writer,
            sink: Box::new(Sink {
                out: Some(out),
                error: None,
            }),
            variables: Vec::with_capacity(plan.len()),
            widths: Vec::with_capacity(plan.len()),
            numeric: (0..plan.len())
                .map(|i| measured.is_numeric(plan, i))
                .collect(),
            long: Vec::new(),
            long_texts: Vec::new(),
            row: 0,
            format,
            buffer: Vec::new(),
        };
        this.check(unsafe { ffi::readstat_set_data_writer(writer, write_to_sink::<W>) })?;
        match format {
            StatFormat::Sav => this.check(unsafe {
                ffi::readstat_writer_set_compression(writer, ffi::READSTAT_COMPRESS_ROWS)
            })?,
            StatFormat::Dta => {
                this.check(unsafe { ffi::readstat_writer_set_file_format_version(writer, 118) })?
            }
        }
        let label = c_string(cut(file_label, Limit::Chars(60)));
        this.check(unsafe { ffi::readstat_writer_set_file_label(writer, label.as_ptr()) })?;

        for (i, column) in plan.columns.iter().enumerate() {
            let name = c_string(&column.stat_name);
            let (kind, width) = if this.numeric[i] {
                (ffi::READSTAT_TYPE_DOUBLE, 0)
            } else if format == StatFormat::Dta && measured.widths[i] > format.max_text_bytes() {
                this.long.push(i);
                (ffi::READSTAT_TYPE_STRING_REF, 0)
            } else {
                let width = measured.widths[i].clamp(1, format.max_text_bytes());
                (ffi::READSTAT_TYPE_STRING, width)
            };
            let variable =
                unsafe { ffi::readstat_add_variable(writer, name.as_ptr(), kind, width) };
            if variable.is_null() {
                return Err(ExportError::StatFile(format!(
                    "ReadStat refused variable {}",
                    column.stat_name
                )));
            }
            let label = form.text(&column.label, language);
            let label = c_string(cut(label, format.max_variable_label()));
            unsafe { ffi::readstat_variable_set_label(variable, label.as_ptr()) };
            if let Some(f) = format.date_format(column.kind) {
                let f = c_string(f);
                unsafe { ffi::readstat_variable_set_format(variable, f.as_ptr()) };
            }
            let measure = match column.kind {
                ColumnKind::Integer | ColumnKind::Decimal => ffi::READSTAT_MEASURE_SCALE,
                ColumnKind::Text if this.numeric[i] => ffi::READSTAT_MEASURE_SCALE,
                _ => ffi::READSTAT_MEASURE_NOMINAL,
            };
            unsafe { ffi::readstat_variable_set_measure(variable, measure) };
            if !column.categories.is_empty() {
                let set = unsafe {
                    ffi::readstat_add_label_set(writer, ffi::READSTAT_TYPE_DOUBLE, name.as_ptr())
                };
                if set.is_null() {
                    return Err(ExportError::StatFile(format!(
                        "ReadStat refused the value labels of {}",
                        column.stat_name
                    )));
                }
                for category in &column.categories {
                    let text = form.text(&category.label, language);
                    let text = if text.is_empty() {
                        &category.value
                    } else {
                        text
                    };
                    let text = c_string(cut(text, format.max_value_label()));
                    unsafe {
                        ffi::readstat_label_double_value(
                            set,
                            f64::from(category.code),
                            text.as_ptr(),
                        )
                    };
                }
                unsafe { ffi::readstat_variable_set_label_set(variable, set) };
            }
            this.variables.push(variable);
            this.widths.push(width);
        }

        let rows = c_long::try_from(measured.rows)
            .map_err(|_| ExportError::StatFile("too many rows".into()))?;
        let ctx = &mut *this.sink as *mut Sink<W> as *mut c_void;
        let begun = unsafe {
            match format {
                StatFormat::Sav => ffi::readstat_begin_writing_sav(writer, ctx, rows),
                StatFormat::Dta => ffi::readstat_begin_writing_dta(writer, ctx, rows),
            }
        };
        this.check(begun)?;
        Ok(this)
    }

    /// Whether the file has `strL` columns, whose texts [`StatWriter::add_long_texts`] must
    /// be given, row by row, before the first [`StatWriter::write_row`].
    pub fn has_long_texts(&self) -> bool {
        !self.long.is_empty()
    }

    /// Takes the texts of the `strL` columns of the next row (`cells` in plan order); the
    /// rows written later use these texts for those columns.
    pub fn add_long_texts(
        &mut self,
        plan: &ColumnPlan,
        cells: &[Cell<'_>],
    ) -> Result<(), ExportError> {
        for &i in &self.long {
            let text = match stat_value(&cells[i], &plan.columns[i], self.format, false) {
                StatValue::Text(text) if !text.is_empty() => text,
                _ => {
                    self.long_texts.push(std::ptr::null_mut());
                    continue;
                }
            };
            let text = fill_c_text(&mut self.buffer, &text);
            // SAFETY: the writer is live (see `new`); the text is NUL-terminated and ReadStat
            // copies it before returning.
            let added = unsafe { ffi::readstat_add_string_ref(self.writer, text.as_ptr().cast()) };
            if added.is_null() {
                return Err(ExportError::StatFile(
                    "ReadStat refused a long text (out of memory, or after the first row)".into(),
                ));
            }
            self.long_texts.push(added);
        }
        Ok(())
    }

    /// Writes one row; `cells` in plan order (the `strL` columns' texts come from
    /// [`StatWriter::add_long_texts`]).
    pub fn write_row(&mut self, plan: &ColumnPlan, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        let writer = self.writer;
        // SAFETY: writer and variables are live ReadStat objects (see `new`); the buffer is
        // NUL-terminated and outlives the call, which copies it.
        self.check(unsafe { ffi::readstat_begin_row(writer) })?;
        let first_long = self.row * self.long.len();
        if self.long_texts.len() < first_long + self.long.len() {
            return Err(ExportError::CasesChanged);
        }
        for (i, (cell, column)) in cells.iter().zip(&plan.columns).enumerate() {
            let variable = self.variables[i];
            if let Some(j) = self.long.iter().position(|&l| l == i) {
                let text = self.long_texts[first_long + j];
                // SAFETY: as above; the text is one ReadStat gave out and still owns.
                let done = unsafe { ffi::readstat_insert_string_ref(writer, variable, text) };
                self.check(done)?;
                continue;
            }
            let done = match stat_value(cell, column, self.format, self.numeric[i]) {
                StatValue::Missing => unsafe {
                    ffi::readstat_insert_missing_value(writer, variable)
                },
                StatValue::Number(n) => unsafe {
                    ffi::readstat_insert_double_value(writer, variable, n)
                },
                StatValue::Text(text) => {
                    let text = cut(&text, Limit::Bytes(self.widths[i]));
                    let text = fill_c_text(&mut self.buffer, text);
                    unsafe {
                        ffi::readstat_insert_string_value(writer, variable, text.as_ptr().cast())
                    }
                }
            };
            self.check(done)?;
        }
        self.check(unsafe { ffi::readstat_end_row(writer) })?;
        self.row += 1;
        Ok(())
    }

    /// Ends the file (fails if fewer rows were written than announced) and hands back the
    /// output.
    pub fn finish(mut self) -> Result<W, ExportError> {
        // SAFETY: the writer is live until Drop.
        let ended = unsafe { ffi::readstat_end_writing(self.writer) };
        self.check(ended)?;
        let mut out = self
            .sink
            .out
            .take()
            .ok_or_else(|| ExportError::StatFile("the export was already finished".into()))?;
        out.flush()?;
        Ok(out)
    }

    /// A ReadStat result as a Result, preferring the output's own error.
    fn check(&mut self, code: ffi::readstat_error_t) -> Result<(), ExportError> {
        if let Some(e) = self.sink.error.take() {
            return Err(ExportError::Io(e));
        }
        if code == ffi::READSTAT_OK {
            Ok(())
        } else {
            Err(ExportError::StatFile(ffi::error_message(code)))
        }
    }
}

impl<W: Write> Drop for StatWriter<W> {
    fn drop(&mut self) {
        if !self.writer.is_null() {
            // SAFETY: the writer came from readstat_writer_init and is freed only here.
            unsafe { ffi::readstat_writer_free(self.writer) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::columns::plan_columns;
    use crate::export::test_form::small_form;
    use chrono::NaiveDate;

    fn plan() -> ColumnPlan {
        plan_columns(&small_form(), false)
    }

    #[test]
    fn choices_become_their_codes_and_dates_the_package_numbers() {
        let plan = plan();
        let born = plan.columns.iter().find(|c| c.name == "born").unwrap();
        assert_eq!(
            stat_value(&Cell::Choice(1), born, StatFormat::Sav, true),
            StatValue::Number(2.0)
        );
        assert_eq!(
            stat_value(&Cell::UnknownChoice("x"), born, StatFormat::Sav, true),
            StatValue::Missing
        );
        let date = NaiveDate::from_ymd_opt(1960, 1, 11).unwrap();
        let submitted = &plan.columns[6];
        assert_eq!(submitted.name, "submitted_at");
        assert_eq!(
            stat_value(&Cell::Date(date), submitted, StatFormat::Dta, true),
            StatValue::Number(10.0)
        );
        let note = plan.columns.iter().find(|c| c.name == "note").unwrap();
        assert_eq!(
            stat_value(&Cell::Int(3), note, StatFormat::Dta, false),
            StatValue::Text("3".into())
        );
    }

    #[test]
    fn text_is_cut_at_a_character_boundary() {
        assert_eq!(cut("åäö", Limit::Bytes(3)), "å");
        assert_eq!(cut("åäö", Limit::Chars(2)), "åä");
        assert_eq!(cut("ab", Limit::Bytes(10)), "ab");
    }

    #[test]
    fn widths_are_the_widest_text_in_bytes() {
        let plan = plan();
        let mut widths = Measured::new(&plan);
        let mut cells = vec![Cell::Missing; plan.len()];
        let note = plan.columns.iter().position(|c| c.name == "note").unwrap();
        cells[note] = Cell::Text("تم");
        widths.observe(&plan, &cells, StatFormat::Sav);
        cells[note] = Cell::Text("a");
        widths.observe(&plan, &cells, StatFormat::Sav);
        assert_eq!(widths.widths[note], 4);
        assert_eq!(widths.rows(), 2);
        assert!(!widths.is_numeric(&plan, note));
    }

    #[test]
    fn a_calculation_with_only_numbers_is_numeric() {
        let plan = plan();
        let score = plan.columns.iter().position(|c| c.name == "score").unwrap();
        let note = plan.columns.iter().position(|c| c.name == "note").unwrap();
        let mut measured = Measured::new(&plan);
        let mut cells = vec![Cell::Missing; plan.len()];
        let number = serde_json::json!(37);
        cells[score] = Cell::Json(&number);
        measured.observe(&plan, &cells, StatFormat::Dta);
        cells[score] = Cell::Missing;
        measured.observe(&plan, &cells, StatFormat::Dta);
        assert!(measured.is_numeric(&plan, score));
        assert!(
            !measured.is_numeric(&plan, note),
            "never answered: stays text"
        );
        assert_eq!(
            stat_value(
                &Cell::Json(&number),
                &plan.columns[score],
                StatFormat::Dta,
                true
            ),
            StatValue::Number(37.0)
        );
        let text = serde_json::json!("a");
        cells[score] = Cell::Json(&text);
        measured.observe(&plan, &cells, StatFormat::Dta);
        assert!(!measured.is_numeric(&plan, score));
    }
}
