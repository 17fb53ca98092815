//! The load generator: N client threads that each prepare (log in, say), wait for the others,
//! then work until the step's time is up, recording every operation's latency. Throughput is
//! counted from the moment all start to the moment the last one stops.

use crate::cpu::{CpuSnapshot, CpuUse};
use crate::latency::{Recorder, Summary};
use anyhow::anyhow;
use std::sync::Barrier;
use std::time::{Duration, Instant};

/// A client thread's view of the step's time.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    end: Instant,
}

impl Clock {
    /// Whether the step is still running.
    pub fn running(&self) -> bool {
        Instant::now() < self.end
    }
}

/// A finished step: the summary of the timed operations and where the CPU went.
#[derive(Debug, Clone)]
pub struct Step {
    pub summary: Summary,
    pub cpu: CpuUse,
}

/// Runs `clients` threads: each calls `prepare(i)` (not timed), then, once all are prepared,
/// `work(i, state, clock, recorder)` until `clock` says stop. A failed `prepare` fails the
/// step; errors inside `work` are counted by the recorder.
pub fn run<S, P, W>(
    clients: usize,
    duration: Duration,
    server_pid: Option<u32>,
    prepare: P,
    work: W,
) -> anyhow::Result<Step>
where
    S: Send,
    P: Fn(usize) -> anyhow::Result<S> + Sync,
    W: Fn(usize, S, Clock, &mut Recorder) + Sync,
{
    CpuSnapshot::settle();
    let barrier = Barrier::new(clients + 1);
    let (prepare, work, barrier) = (&prepare, &work, &barrier);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|i| {
                scope.spawn(move || {
                    let state = prepare(i);
                    barrier.wait();
                    let start = Instant::now();
                    let mut recorder = Recorder::default();
                    let state = state?;
                    work(
                        i,
                        state,
                        Clock {
                            end: start + duration,
                        },
                        &mut recorder,
                    );
                    Ok::<_, anyhow::Error>((start, Instant::now(), recorder))
                })
            })
            .collect();
        barrier.wait();
        let before = CpuSnapshot::take(server_pid);
        let mut first_start: Option<Instant> = None;
        let mut last_end: Option<Instant> = None;
        let mut all = Recorder::default();
        let mut failure = None;
        for handle in handles {
            match handle.join() {
                Ok(Ok((start, end, recorder))) => {
                    first_start = Some(first_start.map_or(start, |s| s.min(start)));
                    last_end = Some(last_end.map_or(end, |e| e.max(end)));
                    all.merge(recorder);
                }
                Ok(Err(e)) => failure = Some(e),
                Err(_) => failure = Some(anyhow!("a client thread panicked")),
            }
        }
        let after = CpuSnapshot::take(server_pid);
        if let Some(e) = failure {
            return Err(e.context("preparing a client"));
        }
        let elapsed = match (first_start, last_end) {
            (Some(s), Some(e)) => e.duration_since(s),
            _ => Duration::ZERO,
        };
        Ok(Step {
            summary: all.summary(elapsed),
            cpu: before.until(&after),
        })
    })
}
