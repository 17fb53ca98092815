//! Streaming a large response (a print file, an export) that blocking database code writes,
//! in bounded memory: the writer runs on the blocking thread pool with a pooled connection and
//! writes into a bounded channel, and the channel feeds the HTTP body. When the client reads
//! slowly the writer waits; when the client goes away the writer's next write fails, so its
//! work stops (and its transaction rolls back) instead of running on for nobody.
//!
//! ```ignore
//! // After the access checks (which answer 404/403 as usual):
//! let response = HttpResponse::Ok().content_type("text/csv; charset=utf-8").take();
//! Ok(stream_blocking(&state, response, move |conn, state, out| {
//!     write_the_file(conn, out)            // any `Result<_, E>` with `E: Display`
//! }))
//! ```
//!
//! An error after the first bytes cannot change the status any more: the body is cut off
//! (the client sees an incomplete transfer) and the error is logged without its text, which
//! may quote data.

use crate::state::AppState;
use actix_web::body::BodyStream;
use actix_web::{HttpResponse, HttpResponseBuilder};
use bytes::Bytes;
use std::io::Write;
use std::sync::Arc;
use svar_core::db::AnyConnection;
use tokio::sync::mpsc;

/// Bytes gathered before they are handed to the response.
const CHUNK: usize = 64 * 1024;
/// Chunks in flight between writer and client: at most this many × [`CHUNK`] in memory.
const CHUNKS_IN_FLIGHT: usize = 8;

type Chunk = Result<Bytes, std::io::Error>;

/// Answers with `response` and a body that `write` produces on the blocking thread pool with a
/// pooled connection.
pub fn stream_blocking<F, T, E>(
    state: &Arc<AppState>,
    mut response: HttpResponseBuilder,
    write: F,
) -> HttpResponse
where
    F: FnOnce(&mut AnyConnection, &AppState, &mut dyn Write) -> Result<T, E> + Send + 'static,
    E: std::fmt::Display,
{
    let (tx, mut rx) = mpsc::channel::<Chunk>(CHUNKS_IN_FLIGHT);
    let state = Arc::clone(state);
    actix_web::rt::task::spawn_blocking(move || {
        let mut out = ChannelWriter {
            tx: tx.clone(),
            buffer: Vec::with_capacity(CHUNK),
        };
        let outcome = match state.pool.get() {
            Ok(mut conn) => write(&mut conn, &state, &mut out)
                .map_err(|e| e.to_string())
                .and_then(|_| out.flush().map_err(|e| e.to_string())),
            Err(e) => Err(e.to_string()),
        };
        if let Err(e) = outcome {
            // The text may quote data; its length says enough to tell failures apart.
            tracing::error!(error_len = e.len(), "a streamed response failed part way");
            let _ = tx.blocking_send(Err(std::io::Error::other("the response failed")));
        }
    });
    let body = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    response.body(BodyStream::new(body))
}

/// A `Write` that sends what is written to the channel in chunks of [`CHUNK`] bytes.
struct ChannelWriter {
    tx: mpsc::Sender<Chunk>,
    buffer: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK),
        ));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client gone"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_arrive_in_order_in_bounded_chunks_and_a_gone_reader_stops_the_writer() {
        let (tx, mut rx) = mpsc::channel::<Chunk>(CHUNKS_IN_FLIGHT);
        let writer = std::thread::spawn(move || {
            let mut out = ChannelWriter {
                tx,
                buffer: Vec::new(),
            };
            for i in 0..100_000u32 {
                writeln!(out, "{i}")?;
            }
            out.flush()
        });
        let mut text = Vec::new();
        while let Some(chunk) = rx.blocking_recv() {
            let chunk = chunk.unwrap();
            assert!(chunk.len() <= CHUNK + 16);
            text.extend_from_slice(&chunk);
        }
        writer.join().unwrap().unwrap();
        let text = String::from_utf8(text).unwrap();
        assert_eq!(text.lines().count(), 100_000);
        assert_eq!(text.lines().last(), Some("99999"));

        let (tx, rx) = mpsc::channel::<Chunk>(1);
        drop(rx);
        let mut out = ChannelWriter {
            tx,
            buffer: Vec::new(),
        };
        let result = out.write_all(&vec![b'x'; CHUNK]);
        assert_eq!(result.unwrap_err().kind(), std::io::ErrorKind::BrokenPipe);
    }
}
