//! AAPOR outcome rates (METHODS.md §2) from counts per bucket: response (RR1–RR6),
//! cooperation (COOP1–4), refusal (REF1–3) and contact (CON1–3) rates, and `e`, the estimated
//! eligible share of the cases of unknown eligibility. The same formulas serve unweighted and
//! design-weighted counts.

use super::{ratio, BucketCounts};
use serde::Serialize;

/// How `e` is found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EMethod {
    /// E/(E+NE), the eligible share of resolved cases, from the rate's own table (AAPOR's
    /// calculator default).
    EligibleShareOfResolved,
    /// A value the survey sets (e.g. 1, or the share found eligible by a register check).
    Fixed(f64),
}

impl EMethod {
    /// How the method is named in the statistics.
    pub fn name(self) -> &'static str {
        match self {
            EMethod::EligibleShareOfResolved => "E/(E+NE): eligible share of resolved cases",
            EMethod::Fixed(_) => "fixed by the survey",
        }
    }
}

/// Every rate of METHODS.md §2; `None` where its denominator is zero or `e` is undefined.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Rates {
    pub e: Option<f64>,
    #[serde(rename = "RR1")]
    pub rr1: Option<f64>,
    #[serde(rename = "RR2")]
    pub rr2: Option<f64>,
    #[serde(rename = "RR3")]
    pub rr3: Option<f64>,
    #[serde(rename = "RR4")]
    pub rr4: Option<f64>,
    #[serde(rename = "RR5")]
    pub rr5: Option<f64>,
    #[serde(rename = "RR6")]
    pub rr6: Option<f64>,
    #[serde(rename = "COOP1")]
    pub coop1: Option<f64>,
    #[serde(rename = "COOP2")]
    pub coop2: Option<f64>,
    #[serde(rename = "COOP3")]
    pub coop3: Option<f64>,
    #[serde(rename = "COOP4")]
    pub coop4: Option<f64>,
    #[serde(rename = "REF1")]
    pub ref1: Option<f64>,
    #[serde(rename = "REF2")]
    pub ref2: Option<f64>,
    #[serde(rename = "REF3")]
    pub ref3: Option<f64>,
    #[serde(rename = "CON1")]
    pub con1: Option<f64>,
    #[serde(rename = "CON2")]
    pub con2: Option<f64>,
    #[serde(rename = "CON3")]
    pub con3: Option<f64>,
}

/// The rates of one table of counts.
pub fn rates(c: &BucketCounts<f64>, e_method: EMethod) -> Rates {
    let eligible = c.i + c.p + c.r + c.nc + c.o;
    let unknown = c.uh + c.uo;
    let e = match e_method {
        EMethod::EligibleShareOfResolved => ratio(eligible, eligible + c.ne),
        EMethod::Fixed(e) => Some(e).filter(|e| e.is_finite()),
    };
    // E + e·U; undefined only when e is and there are cases of unknown eligibility.
    let estimated = match e {
        Some(e) => Some(eligible + e * unknown),
        None if unknown == 0.0 => Some(eligible),
        None => None,
    };
    let all = eligible + unknown;
    let per_estimated = |num: f64| estimated.and_then(|den| ratio(num, den));
    let complete = c.i;
    let responded = c.i + c.p;
    let contacted = c.i + c.p + c.r + c.o;
    Rates {
        e,
        rr1: ratio(complete, all),
        rr2: ratio(responded, all),
        rr3: per_estimated(complete),
        rr4: per_estimated(responded),
        rr5: ratio(complete, eligible),
        rr6: ratio(responded, eligible),
        coop1: ratio(complete, contacted),
        coop2: ratio(responded, contacted),
        coop3: ratio(complete, c.i + c.p + c.r),
        coop4: ratio(responded, c.i + c.p + c.r),
        ref1: ratio(c.r, all),
        ref2: per_estimated(c.r),
        ref3: ratio(c.r, eligible),
        con1: ratio(contacted, all),
        con2: per_estimated(contacted),
        con3: ratio(contacted, eligible),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(v: [f64; 8]) -> BucketCounts<f64> {
        BucketCounts {
            i: v[0],
            p: v[1],
            r: v[2],
            nc: v[3],
            o: v[4],
            uh: v[5],
            uo: v[6],
            ne: v[7],
        }
    }

    fn close(actual: Option<f64>, expected: f64, what: &str) {
        let a = actual.unwrap_or_else(|| panic!("{what} is null"));
        assert!((a - expected).abs() < 5e-7, "{what}: {a} != {expected}");
    }

    /// METHODS.md §9, unweighted totals, and the published six-digit values.
    #[test]
    fn the_worked_example_unweighted() {
        let r = rates(
            &counts([361., 34., 70., 30., 18., 448., 35., 24.]),
            EMethod::EligibleShareOfResolved,
        );
        for (got, want, name) in [
            (r.e, 0.955307, "e"),
            (r.rr1, 0.362450, "RR1"),
            (r.rr2, 0.396586, "RR2"),
            (r.rr3, 0.370479, "RR3"),
            (r.rr4, 0.405372, "RR4"),
            (r.rr5, 0.703704, "RR5"),
            (r.rr6, 0.769981, "RR6"),
            (r.coop1, 0.747412, "COOP1"),
            (r.coop2, 0.817805, "COOP2"),
            (r.coop3, 0.776344, "COOP3"),
            (r.coop4, 0.849462, "COOP4"),
            (r.ref1, 0.070281, "REF1"),
            (r.ref2, 0.071838, "REF2"),
            (r.ref3, 0.136452, "REF3"),
            (r.con1, 0.484940, "CON1"),
            (r.con2, 0.495683, "CON2"),
            (r.con3, 0.941520, "CON3"),
        ] {
            close(got, want, name);
        }
    }

    /// METHODS.md §9, design-weighted totals.
    #[test]
    fn the_worked_example_weighted() {
        let r = rates(
            &counts([32147.5, 2232.5, 5367.5, 1890., 862.5, 27265., 1730., 1505.]),
            EMethod::EligibleShareOfResolved,
        );
        for (got, want, name) in [
            (r.e, 0.965799, "e"),
            (r.rr1, 0.449647, "RR1"),
            (r.rr2, 0.480873, "RR2"),
            (r.rr3, 0.455971, "RR3"),
            (r.rr4, 0.487636, "RR4"),
            (r.rr5, 0.756412, "RR5"),
            (r.rr6, 0.808941, "RR6"),
            (r.coop1, 0.791615, "COOP1"),
            (r.coop2, 0.846590, "COOP2"),
            (r.coop3, 0.808793, "COOP3"),
            (r.coop4, 0.864960, "COOP4"),
            (r.ref1, 0.075075, "REF1"),
            (r.ref2, 0.076131, "REF2"),
            (r.ref3, 0.126294, "REF3"),
            (r.con1, 0.568012, "CON1"),
            (r.con2, 0.576001, "CON2"),
            (r.con3, 0.955529, "CON3"),
        ] {
            close(got, want, name);
        }
    }

    /// A small table worked by hand: I 3, P 1, R 2, NC 1, O 1, UH 1, UO 1, NE 2.
    /// E = 8, U = 2, e = 8/10 = 0.8, E + eU = 9.6, E + U = 10.
    #[test]
    fn a_table_worked_by_hand() {
        let r = rates(
            &counts([3., 1., 2., 1., 1., 1., 1., 2.]),
            EMethod::EligibleShareOfResolved,
        );
        close(r.e, 0.8, "e");
        close(r.rr1, 0.3, "RR1 = 3/10");
        close(r.rr2, 0.4, "RR2 = 4/10");
        close(r.rr3, 3. / 9.6, "RR3");
        close(r.rr5, 3. / 8., "RR5");
        close(r.coop1, 3. / 7., "COOP1 = 3/(3+1+2+1)");
        close(r.coop3, 0.5, "COOP3 = 3/(3+1+2)");
        close(r.ref3, 0.25, "REF3 = 2/8");
        close(r.con1, 0.7, "CON1 = 7/10");
        let fixed = rates(
            &counts([3., 1., 2., 1., 1., 1., 1., 2.]),
            EMethod::Fixed(1.0),
        );
        close(fixed.e, 1.0, "e fixed");
        close(fixed.rr3, 0.3, "RR3 with e = 1 is RR1");
    }

    /// METHODS.md §9 edge cases: only UH = 10 → e null, RR1 = RR2 = REF1 = CON1 = 0, the rest
    /// null; only NE = 5 → e = 0, every rate null; nothing at all → everything null.
    #[test]
    fn zero_denominators_give_null() {
        let only_uh = rates(
            &counts([0., 0., 0., 0., 0., 10., 0., 0.]),
            EMethod::EligibleShareOfResolved,
        );
        assert_eq!(only_uh.e, None);
        for (got, name) in [
            (only_uh.rr1, "RR1"),
            (only_uh.rr2, "RR2"),
            (only_uh.ref1, "REF1"),
            (only_uh.con1, "CON1"),
        ] {
            assert_eq!(got, Some(0.0), "{name}");
        }
        for got in [
            only_uh.rr3,
            only_uh.rr4,
            only_uh.rr5,
            only_uh.rr6,
            only_uh.coop1,
            only_uh.coop2,
            only_uh.coop3,
            only_uh.coop4,
            only_uh.ref2,
            only_uh.ref3,
            only_uh.con2,
            only_uh.con3,
        ] {
            assert_eq!(got, None);
        }
        let only_ne = rates(
            &counts([0., 0., 0., 0., 0., 0., 0., 5.]),
            EMethod::EligibleShareOfResolved,
        );
        assert_eq!(only_ne.e, Some(0.0));
        assert_eq!(
            Rates { e: None, ..only_ne },
            Rates::default(),
            "every rate null"
        );
        assert_eq!(
            rates(&BucketCounts::default(), EMethod::EligibleShareOfResolved),
            Rates::default()
        );
    }

    #[test]
    fn null_serialises_as_json_null() {
        let r = rates(&BucketCounts::default(), EMethod::EligibleShareOfResolved);
        let json = serde_json::to_value(r).unwrap();
        assert!(json["RR1"].is_null());
        assert!(json["e"].is_null());
    }
}
