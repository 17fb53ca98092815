//! Streaming a response that blocking code writes: a writer (an export of a million cases, a
//! print file) runs on the blocking thread pool with a pooled connection and writes into an
//! `io::Write` whose chunks go through a bounded channel to the HTTP response body. Memory
//! stays bounded (at most [`CHUNKS_IN_FLIGHT`] chunks of [`CHUNK`] bytes wait for the client),
//! and a slow client slows the writer down instead of piling the file up in memory.
//!
//! The status and headers are sent before the writer starts, so everything that can be refused
//! (no such survey, unknown language, no access) must be checked before calling
//! [`stream_blocking`]. An error while writing ends the body with an error: actix aborts the
//! connection, so the client sees a truncated download, never a file that looks complete. The
//! error is logged by kind only (the caller's `describe`), never with what was written. A
//! client that goes away makes the next write fail, which stops the writer.

use crate::state::AppState;
use actix_web::web::Bytes;
use actix_web::HttpResponse;
use actix_web::HttpResponseBuilder;
use std::io::{self, Write};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use svar_core::db::AnyConnection;
use tokio::sync::mpsc;

/// Bytes collected before a chunk is handed to the response.
pub const CHUNK: usize = 64 * 1024;
/// Chunks that may wait for the client at once.
pub const CHUNKS_IN_FLIGHT: usize = 8;

type Item = Result<Bytes, io::Error>;

/// Sends `f`'s output as the body of `response` (status and headers already set). `f` runs on
/// the blocking thread pool with a pooled connection; `describe` names its error for the log.
pub fn stream_blocking<E, F>(
    state: &Arc<AppState>,
    response: HttpResponseBuilder,
    describe: fn(&E) -> &'static str,
    f: F,
) -> HttpResponse
where
    F: FnOnce(&mut AnyConnection, &mut dyn Write) -> Result<(), E> + Send + 'static,
    E: Send + 'static,
{
    let state = Arc::clone(state);
    stream_writer(response, move |out| match state.pool.get() {
        Ok(mut conn) => f(&mut conn, out).map_err(|e| describe(&e)),
        Err(_) => Err("database unavailable"),
    })
}

/// Sends what `write` writes as the body of `response`; `write` runs on the blocking thread
/// pool, and its error (a kind, for the log) aborts the body.
fn stream_writer<F>(mut response: HttpResponseBuilder, write: F) -> HttpResponse
where
    F: FnOnce(&mut dyn Write) -> Result<(), &'static str> + Send + 'static,
{
    let (tx, rx) = mpsc::channel::<Item>(CHUNKS_IN_FLIGHT);
    // Runs whether or not anyone awaits the handle; it ends when the writer does.
    drop(actix_web::rt::task::spawn_blocking(move || {
        let mut out = ChannelWriter {
            tx: tx.clone(),
            buffer: Vec::with_capacity(CHUNK),
        };
        let result = write(&mut out).and_then(|()| out.flush().map_err(|_| "client went away"));
        if let Err(kind) = result {
            tracing::warn!(error = kind, "streamed download ended early");
            let _ = tx.blocking_send(Err(io::Error::other(kind)));
        }
    }));
    response.streaming(Chunks(rx))
}

/// The writing end: buffers up to [`CHUNK`] bytes, then waits for room in the channel.
struct ChannelWriter {
    tx: mpsc::Sender<Item>,
    buffer: Vec<u8>,
}

impl ChannelWriter {
    fn send_buffer(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK));
        self.tx
            .blocking_send(Ok(Bytes::from(chunk)))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= CHUNK {
            self.send_buffer()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send_buffer()
    }
}

/// The reading end, as the response body's stream.
struct Chunks(mpsc::Receiver<Item>);

impl futures_core::Stream for Chunks {
    type Item = Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Item>> {
        self.0.poll_recv(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::{to_bytes, MessageBody};

    #[actix_web::test]
    async fn what_the_writer_writes_arrives_in_bounded_chunks() {
        let response = stream_writer(HttpResponse::Ok(), |out| {
            for i in 0..100_000u32 {
                out.write_all(format!("{i:09}\n").as_bytes())
                    .map_err(|_| "write")?;
            }
            Ok(())
        });
        let mut body = response.into_body();
        let mut total = 0;
        let mut largest = 0;
        while let Some(chunk) =
            std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_next(cx)).await
        {
            let chunk = chunk.unwrap();
            largest = largest.max(chunk.len());
            total += chunk.len();
        }
        assert_eq!(total, 1_000_000);
        assert!(largest < CHUNK + 16, "{largest}");
    }

    #[actix_web::test]
    async fn an_error_while_writing_ends_the_body_with_an_error() {
        let response = stream_writer(HttpResponse::Ok(), |out| {
            out.write_all(&[b'x'; 3 * CHUNK]).map_err(|_| "write")?;
            Err("cases changed during the export")
        });
        assert!(to_bytes(response.into_body()).await.is_err());
    }
}
