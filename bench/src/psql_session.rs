//! One `psql` kept open for the queries a benchmark repeats while it measures (the mail
//! benchmark counts sent e-mails every 200 ms): one connection and one process for the whole
//! run, instead of a new psql, connection and PostgreSQL backend for every look, whose cost
//! would be taken from the two cores under test.

use anyhow::{bail, Context};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

pub struct PsqlSession {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl PsqlSession {
    /// Opens `psql` on the database `url`, unaligned and without headers, stopping at the
    /// first error.
    pub fn open(url: &str) -> anyhow::Result<PsqlSession> {
        let mut child = Command::new("psql")
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("starting psql (install postgresql-client)")?;
        let stdin = child.stdin.take().context("psql's standard input")?;
        let stdout = child.stdout.take().context("psql's standard output")?;
        Ok(PsqlSession {
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
        })
    }

    /// Runs a query that returns exactly one row; its columns.
    pub fn row(&mut self, sql: &str) -> anyhow::Result<Vec<String>> {
        let stdin = self.stdin.as_mut().context("the psql session is closed")?;
        writeln!(stdin, "{};", sql.trim_end_matches(';'))?;
        stdin.flush()?;
        let mut line = String::new();
        if self.stdout.read_line(&mut line)? == 0 {
            let mut error = String::new();
            if let Some(stderr) = self.child.stderr.as_mut() {
                let _ = stderr.read_to_string(&mut error);
            }
            bail!("psql ended: {}", error.trim());
        }
        Ok(line.trim_end().split('|').map(str::to_string).collect())
    }

    /// Runs a query that returns one row of integers.
    pub fn integers(&mut self, sql: &str) -> anyhow::Result<Vec<i64>> {
        self.row(sql)?
            .iter()
            .map(|v| {
                v.parse()
                    .with_context(|| format!("psql printed {v:?} for {sql}"))
            })
            .collect()
    }
}

impl Drop for PsqlSession {
    fn drop(&mut self) {
        // End of input ends psql.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}
