//! The part of ReadStat's C writer API that Svar calls (declared from `readstat.h` of the
//! vendored source, compiled by `core/build.rs`). Only `stat_file.rs` uses these.

#![allow(non_camel_case_types)]

use std::ffi::{c_char, c_int, c_long, c_void};

/// `readstat_error_t`: 0 is success.
pub type readstat_error_t = c_int;
pub const READSTAT_OK: readstat_error_t = 0;

/// `readstat_type_t`
pub type readstat_type_t = c_int;
pub const READSTAT_TYPE_STRING: readstat_type_t = 0;
pub const READSTAT_TYPE_DOUBLE: readstat_type_t = 5;
/// Stata's `strL`: the row holds a reference, the text is written after the data.
pub const READSTAT_TYPE_STRING_REF: readstat_type_t = 6;

/// `readstat_measure_t`
pub type readstat_measure_t = c_int;
pub const READSTAT_MEASURE_NOMINAL: readstat_measure_t = 1;
pub const READSTAT_MEASURE_SCALE: readstat_measure_t = 3;

/// `readstat_compress_t`
pub type readstat_compress_t = c_int;
pub const READSTAT_COMPRESS_ROWS: readstat_compress_t = 1;

#[repr(C)]
pub struct readstat_writer_t {
    _private: [u8; 0],
}
#[repr(C)]
pub struct readstat_variable_t {
    _private: [u8; 0],
}
#[repr(C)]
pub struct readstat_label_set_t {
    _private: [u8; 0],
}
#[repr(C)]
pub struct readstat_string_ref_t {
    _private: [u8; 0],
}

/// `ssize_t (*)(const void *data, size_t len, void *ctx)`
pub type readstat_data_writer =
    unsafe extern "C" fn(data: *const c_void, len: usize, ctx: *mut c_void) -> isize;

extern "C" {
    pub fn readstat_error_message(error: readstat_error_t) -> *const c_char;
    pub fn readstat_writer_init() -> *mut readstat_writer_t;
    pub fn readstat_set_data_writer(
        writer: *mut readstat_writer_t,
        data_writer: readstat_data_writer,
    ) -> readstat_error_t;
    pub fn readstat_add_label_set(
        writer: *mut readstat_writer_t,
        kind: readstat_type_t,
        name: *const c_char,
    ) -> *mut readstat_label_set_t;
    pub fn readstat_label_double_value(
        label_set: *mut readstat_label_set_t,
        value: f64,
        label: *const c_char,
    );
    pub fn readstat_add_variable(
        writer: *mut readstat_writer_t,
        name: *const c_char,
        kind: readstat_type_t,
        storage_width: usize,
    ) -> *mut readstat_variable_t;
    pub fn readstat_variable_set_label(variable: *mut readstat_variable_t, label: *const c_char);
    pub fn readstat_variable_set_format(variable: *mut readstat_variable_t, format: *const c_char);
    pub fn readstat_variable_set_label_set(
        variable: *mut readstat_variable_t,
        label_set: *mut readstat_label_set_t,
    );
    pub fn readstat_variable_set_measure(
        variable: *mut readstat_variable_t,
        measure: readstat_measure_t,
    );
    pub fn readstat_writer_set_file_label(
        writer: *mut readstat_writer_t,
        label: *const c_char,
    ) -> readstat_error_t;
    pub fn readstat_writer_set_compression(
        writer: *mut readstat_writer_t,
        compression: readstat_compress_t,
    ) -> readstat_error_t;
    pub fn readstat_writer_set_file_format_version(
        writer: *mut readstat_writer_t,
        version: u8,
    ) -> readstat_error_t;
    pub fn readstat_begin_writing_sav(
        writer: *mut readstat_writer_t,
        user_ctx: *mut c_void,
        row_count: c_long,
    ) -> readstat_error_t;
    pub fn readstat_begin_writing_dta(
        writer: *mut readstat_writer_t,
        user_ctx: *mut c_void,
        row_count: c_long,
    ) -> readstat_error_t;
    pub fn readstat_begin_row(writer: *mut readstat_writer_t) -> readstat_error_t;
    pub fn readstat_insert_double_value(
        writer: *mut readstat_writer_t,
        variable: *const readstat_variable_t,
        value: f64,
    ) -> readstat_error_t;
    pub fn readstat_insert_string_value(
        writer: *mut readstat_writer_t,
        variable: *const readstat_variable_t,
        value: *const c_char,
    ) -> readstat_error_t;
    pub fn readstat_add_string_ref(
        writer: *mut readstat_writer_t,
        string: *const c_char,
    ) -> *mut readstat_string_ref_t;
    pub fn readstat_insert_string_ref(
        writer: *mut readstat_writer_t,
        variable: *const readstat_variable_t,
        string_ref: *mut readstat_string_ref_t,
    ) -> readstat_error_t;
    pub fn readstat_insert_missing_value(
        writer: *mut readstat_writer_t,
        variable: *const readstat_variable_t,
    ) -> readstat_error_t;
    pub fn readstat_end_row(writer: *mut readstat_writer_t) -> readstat_error_t;
    pub fn readstat_end_writing(writer: *mut readstat_writer_t) -> readstat_error_t;
    pub fn readstat_writer_free(writer: *mut readstat_writer_t);
}

/// ReadStat's message for an error code.
pub fn error_message(error: readstat_error_t) -> String {
    // SAFETY: readstat_error_message returns a static NUL-terminated string for any code.
    let text = unsafe { readstat_error_message(error) };
    if text.is_null() {
        return format!("error {error}");
    }
    // SAFETY: non-null, static and NUL-terminated (see above).
    unsafe { std::ffi::CStr::from_ptr(text) }
        .to_string_lossy()
        .into_owned()
}
