//! The files a background job works on (an uploaded sample's two CSV files), stored in the
//! database in chunks, so that the worker that runs the job need not be on the machine that
//! took the upload. Read back one chunk at a time ([`JobFileReader`]); deleted with the job's
//! outcome.

use super::schema::job_files;
use super::{AnyConnection, Pool, StoreError};
use diesel::prelude::*;
use std::io::Read;

/// Bytes per stored chunk.
pub const CHUNK_BYTES: usize = 1024 * 1024;

#[derive(Insertable)]
#[diesel(table_name = job_files)]
struct NewChunk<'a> {
    job_id: i64,
    part: &'a str,
    seq: i32,
    data: &'a [u8],
}

/// Stores everything `source` gives as part `part` of job `job_id`; returns the bytes stored.
pub fn store(
    conn: &mut AnyConnection,
    job_id: i64,
    part: &str,
    mut source: impl Read,
) -> Result<u64, StoreError> {
    let mut buffer = vec![0u8; CHUNK_BYTES];
    let mut total = 0u64;
    for seq in 0.. {
        let mut filled = 0;
        while filled < CHUNK_BYTES {
            let n = source
                .read(&mut buffer[filled..])
                .map_err(|e| StoreError::Unavailable(format!("reading the upload: {e}")))?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        if filled == 0 && seq > 0 {
            break;
        }
        diesel::insert_into(job_files::table)
            .values(NewChunk {
                job_id,
                part,
                seq,
                data: &buffer[..filled],
            })
            .execute(conn)?;
        total += filled as u64;
        if filled < CHUNK_BYTES {
            break;
        }
    }
    Ok(total)
}

/// Chunk `seq` of part `part` of job `job_id`, if there is one.
pub fn chunk(
    conn: &mut AnyConnection,
    job_id: i64,
    part: &str,
    seq: i32,
) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(job_files::table
        .find((job_id, part, seq))
        .select(job_files::data)
        .first(conn)
        .optional()?)
}

/// Removes the files of job `job_id`.
pub fn delete(conn: &mut AnyConnection, job_id: i64) -> Result<usize, StoreError> {
    Ok(diesel::delete(job_files::table.filter(job_files::job_id.eq(job_id))).execute(conn)?)
}

/// A stored part read as a stream, a chunk at a time, each through a connection of its own
/// from the pool (the job's own connection may be inside a long transaction).
pub struct JobFileReader {
    pool: Pool,
    job_id: i64,
    part: String,
    next_seq: i32,
    current: Vec<u8>,
    offset: usize,
    done: bool,
}

impl JobFileReader {
    pub fn new(pool: Pool, job_id: i64, part: &str) -> JobFileReader {
        JobFileReader {
            pool,
            job_id,
            part: part.to_string(),
            next_seq: 0,
            current: Vec::new(),
            offset: 0,
            done: false,
        }
    }
}

impl Read for JobFileReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.offset >= self.current.len() {
            if self.done {
                return Ok(0);
            }
            let mut conn = self
                .pool
                .get()
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            match chunk(&mut conn, self.job_id, &self.part, self.next_seq)
                .map_err(|e| std::io::Error::other(e.kind()))?
            {
                Some(data) => {
                    self.current = data;
                    self.offset = 0;
                    self.next_seq += 1;
                }
                None => self.done = true,
            }
        }
        let n = buf.len().min(self.current.len() - self.offset);
        buf[..n].copy_from_slice(&self.current[self.offset..self.offset + n]);
        self.offset += n;
        Ok(n)
    }
}
