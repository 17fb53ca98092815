//! Reading the parts of a `multipart/form-data` upload (a questionnaire, strata and sample
//! files) with a running size check: a part goes to memory or to a temporary file, never
//! beyond its limit, and a part over its limit is a 413. What follows an oversized part is
//! read and thrown away (up to [`DRAIN_LIMIT`]) so that the client, still sending, gets to
//! read the 413 instead of a broken connection.

use crate::problem::Problem;
use actix_multipart::{Field, Multipart};
use actix_web::http::StatusCode;
use actix_web::web;
use futures_util::StreamExt;
use std::io::Write;
use std::path::PathBuf;

/// Bytes of an oversized upload read and discarded before the connection is given up on.
const DRAIN_LIMIT: u64 = 64 * 1024 * 1024;
/// Bytes gathered in memory before a write to the temporary file.
const WRITE_EVERY: usize = 1024 * 1024;

/// 413 naming the part and its limit.
pub fn too_large(part: &str, limit: u64) -> Problem {
    Problem::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "upload-too-large",
        "The upload is too large",
    )
    .detail(format!(
        "the part {part:?} is larger than {} MB",
        limit / (1024 * 1024)
    ))
}

/// 400 for a body that is not well-formed multipart/form-data.
fn malformed(e: actix_multipart::MultipartError) -> Problem {
    use actix_multipart::MultipartError as E;
    match e {
        // The body is not a form at all: what the JSON routes answer for a body not JSON.
        E::ContentTypeMissing | E::ContentTypeIncompatible | E::ContentTypeParse => Problem::new(
            actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "The body must be a form (Content-Type: multipart/form-data)",
        ),
        e => Problem::bad_request(format!("the multipart/form-data body is malformed: {e}")),
    }
}

/// 422 for a part the route needs and did not get.
pub fn missing_part(part: &str) -> Problem {
    Problem::invalid_fields(vec![crate::problem::FieldError::field(
        part,
        "required",
        format!("a file part named {part:?} is required"),
    )])
}

/// The next part of the form, if any.
pub async fn next_part(form: &mut Multipart) -> Result<Option<Field>, Problem> {
    match form.next().await {
        None => Ok(None),
        Some(Ok(field)) => Ok(Some(field)),
        Some(Err(e)) => Err(malformed(e)),
    }
}

/// The file name the client gave a part, if any.
pub fn file_name(field: &Field) -> Option<String> {
    field
        .content_disposition()
        .and_then(|d| d.get_filename())
        .map(str::to_string)
}

/// Reads a part into memory, refusing it (413) beyond `limit` bytes.
pub async fn read_to_memory(
    form: &mut Multipart,
    mut field: Field,
    part: &str,
    limit: u64,
) -> Result<Vec<u8>, Problem> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(malformed)?;
        if bytes.len() as u64 + chunk.len() as u64 > limit {
            drain(form, field).await;
            return Err(too_large(part, limit));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// A part saved to a file under the system's temporary directory; the file is removed when
/// this is dropped unless [`TempUpload::keep`] hands it on.
#[derive(Debug)]
pub struct TempUpload {
    path: Option<PathBuf>,
}

impl TempUpload {
    /// The path, for a job that takes the file over (and removes it when done).
    pub fn keep(mut self) -> PathBuf {
        self.path.take().unwrap_or_default()
    }
}

impl Drop for TempUpload {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            // A leftover temporary file is harmless; the refusal is what matters.
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Streams a part to a new temporary file, refusing it (413) beyond `limit` bytes. Writes go
/// to the blocking thread pool a megabyte at a time.
pub async fn save_to_temp(
    form: &mut Multipart,
    mut field: Field,
    part: &str,
    limit: u64,
) -> Result<TempUpload, Problem> {
    let path = temp_path(part)?;
    let mut file = Some(std::fs::File::create(&path).map_err(io_problem)?);
    let upload = TempUpload { path: Some(path) };
    let mut buffer = Vec::with_capacity(WRITE_EVERY);
    let mut size: u64 = 0;
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(malformed)?;
        size += chunk.len() as u64;
        if size > limit {
            drain(form, field).await;
            return Err(too_large(part, limit));
        }
        buffer.extend_from_slice(&chunk);
        if buffer.len() >= WRITE_EVERY {
            let (f, b) = write_out(file.take(), buffer).await?;
            (file, buffer) = (Some(f), b);
        }
    }
    write_out(file.take(), buffer).await?;
    Ok(upload)
}

/// Appends `buffer` to the file on the blocking pool; gives both back (the buffer emptied).
async fn write_out(
    file: Option<std::fs::File>,
    mut buffer: Vec<u8>,
) -> Result<(std::fs::File, Vec<u8>), Problem> {
    let mut file = file.ok_or_else(Problem::internal)?;
    web::block(move || {
        file.write_all(&buffer)?;
        buffer.clear();
        Ok::<_, std::io::Error>((file, buffer))
    })
    .await
    .map_err(|_| Problem::unavailable())?
    .map_err(io_problem)
}

fn temp_path(part: &str) -> Result<PathBuf, Problem> {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(|_| Problem::internal())?;
    Ok(std::env::temp_dir().join(format!("svar-upload-{part}-{}.csv", hex::encode(bytes))))
}

fn io_problem(e: std::io::Error) -> Problem {
    tracing::error!(error = %e, "an upload could not be stored");
    Problem::new(
        StatusCode::INSUFFICIENT_STORAGE,
        "upload-not-stored",
        "The upload could not be stored on the server",
    )
}

/// Reads and discards the rest of the body, up to [`DRAIN_LIMIT`] bytes. The field is dropped
/// before the next one is asked for: the form waits until the field before is gone.
async fn drain(form: &mut Multipart, mut field: Field) {
    let mut left = DRAIN_LIMIT;
    while let Some(Ok(chunk)) = field.next().await {
        left = left.saturating_sub(chunk.len() as u64);
        if left == 0 {
            return;
        }
    }
    drop(field);
    while let Some(Ok(mut next)) = form.next().await {
        while let Some(Ok(chunk)) = next.next().await {
            left = left.saturating_sub(chunk.len() as u64);
            if left == 0 {
                return;
            }
        }
    }
}
