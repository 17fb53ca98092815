//! The eight buckets of AAPOR's disposition table (METHODS.md §1) and counts per bucket, the
//! unit every rate is computed from: a code belongs to the bucket its first two digits name.

use serde::{Deserialize, Serialize};

/// I complete, P partial, R refusal and break-off, NC non-contact, O other eligible
/// non-response, UH and UO unknown eligibility, NE not eligible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bucket {
    I,
    P,
    R,
    NC,
    O,
    UH,
    UO,
    NE,
}

impl Bucket {
    pub const ALL: [Bucket; 8] = [
        Bucket::I,
        Bucket::P,
        Bucket::R,
        Bucket::NC,
        Bucket::O,
        Bucket::UH,
        Bucket::UO,
        Bucket::NE,
    ];

    /// The bucket of a stored disposition code; `None` for a text that is no code.
    pub fn of_code(code: &str) -> Option<Bucket> {
        let mut parts = code.splitn(2, '.');
        let major = parts.next()?;
        let first = parts.next()?.chars().next()?;
        Some(match (major, first) {
            ("1", '1') => Bucket::I,
            ("1", '2') => Bucket::P,
            ("2", '1') => Bucket::R,
            ("2", '2') => Bucket::NC,
            ("2", '3') => Bucket::O,
            ("3", '1') => Bucket::UH,
            ("3", '2'..='9') => Bucket::UO,
            ("4", _) => Bucket::NE,
            _ => return None,
        })
    }

    /// I or P: the case counts as a response (r_i = 1 in METHODS.md §3).
    pub fn is_response(self) -> bool {
        matches!(self, Bucket::I | Bucket::P)
    }
}

/// Cases (or design-weighted cases) per bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct BucketCounts<T> {
    #[serde(rename = "I")]
    pub i: T,
    #[serde(rename = "P")]
    pub p: T,
    #[serde(rename = "R")]
    pub r: T,
    #[serde(rename = "NC")]
    pub nc: T,
    #[serde(rename = "O")]
    pub o: T,
    #[serde(rename = "UH")]
    pub uh: T,
    #[serde(rename = "UO")]
    pub uo: T,
    #[serde(rename = "NE")]
    pub ne: T,
}

impl<T: Copy + std::ops::AddAssign> BucketCounts<T> {
    pub fn add(&mut self, bucket: Bucket, amount: T) {
        *self.slot(bucket) += amount;
    }

    pub fn add_all(&mut self, other: &BucketCounts<T>) {
        for b in Bucket::ALL {
            let amount = *other.get(b);
            self.add(b, amount);
        }
    }

    pub fn get(&self, bucket: Bucket) -> &T {
        match bucket {
            Bucket::I => &self.i,
            Bucket::P => &self.p,
            Bucket::R => &self.r,
            Bucket::NC => &self.nc,
            Bucket::O => &self.o,
            Bucket::UH => &self.uh,
            Bucket::UO => &self.uo,
            Bucket::NE => &self.ne,
        }
    }

    fn slot(&mut self, bucket: Bucket) -> &mut T {
        match bucket {
            Bucket::I => &mut self.i,
            Bucket::P => &mut self.p,
            Bucket::R => &mut self.r,
            Bucket::NC => &mut self.nc,
            Bucket::O => &mut self.o,
            Bucket::UH => &mut self.uh,
            Bucket::UO => &mut self.uo,
            Bucket::NE => &mut self.ne,
        }
    }
}

impl BucketCounts<i64> {
    pub fn total(&self) -> i64 {
        self.i + self.p + self.r + self.nc + self.o + self.uh + self.uo + self.ne
    }

    /// The same counts as numbers the rates take.
    pub fn as_f64(&self) -> BucketCounts<f64> {
        BucketCounts {
            i: self.i as f64,
            p: self.p as f64,
            r: self.r as f64,
            nc: self.nc as f64,
            o: self.o as f64,
            uh: self.uh as f64,
            uo: self.uo as f64,
            ne: self.ne as f64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_fall_into_the_bucket_of_their_first_two_digits() {
        let cases = [
            ("1.1", Bucket::I),
            ("1.2", Bucket::P),
            ("2.10", Bucket::R),
            ("2.111", Bucket::R),
            ("2.1121", Bucket::R),
            ("2.12", Bucket::R),
            ("2.20", Bucket::NC),
            ("2.27", Bucket::NC),
            ("2.31", Bucket::O),
            ("2.333", Bucket::O),
            ("3.11", Bucket::UH),
            ("3.19", Bucket::UH),
            ("3.25", Bucket::UO),
            ("3.30", Bucket::UO),
            ("3.40", Bucket::UO),
            ("3.91", Bucket::UO),
            ("4.10", Bucket::NE),
            ("4.12", Bucket::NE),
            ("4.81", Bucket::NE),
        ];
        for (code, bucket) in cases {
            assert_eq!(Bucket::of_code(code), Some(bucket), "{code}");
        }
        for not_a_code in ["", "1", "5.1", "x.1", "2.", "2.4"] {
            assert_eq!(Bucket::of_code(not_a_code), None, "{not_a_code:?}");
        }
    }

    #[test]
    fn counts_add_up_per_bucket() {
        let mut c = BucketCounts::<i64>::default();
        c.add(Bucket::I, 2);
        c.add(Bucket::UH, 3);
        c.add(Bucket::I, 1);
        assert_eq!((c.i, c.uh, c.total()), (3, 3, 6));
        let mut d = BucketCounts::<i64>::default();
        d.add_all(&c);
        d.add_all(&c);
        assert_eq!(d.total(), 12);
    }
}
