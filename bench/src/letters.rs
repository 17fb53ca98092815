//! Letters (access codes) handed out to simulated respondents: each is used by one client
//! only, so no two clients ever answer for the same case.

use crate::setup::Letter;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct LetterPool {
    letters: Vec<Letter>,
    next: AtomicUsize,
}

impl LetterPool {
    pub fn new(letters: Vec<Letter>) -> LetterPool {
        LetterPool {
            letters,
            next: AtomicUsize::new(0),
        }
    }

    /// The next unused letter, if any are left.
    pub fn take(&self) -> Option<&Letter> {
        self.letters.get(self.next.fetch_add(1, Ordering::Relaxed))
    }

    /// `n` unused letters, moved out of the pool's reach for good.
    pub fn take_many(&self, n: usize) -> anyhow::Result<Vec<Letter>> {
        (0..n)
            .map(|_| self.take().cloned())
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                anyhow::anyhow!("the sample has too few cases left; raise --respondents")
            })
    }
}
