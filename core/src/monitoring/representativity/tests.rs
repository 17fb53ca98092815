use super::*;

fn cell(stratum: &str, category: &str, n: f64, r: f64, d: f64) -> Cell {
    Cell {
        stratum: stratum.into(),
        categories: if category.is_empty() {
            vec![]
        } else {
            vec![category.into()]
        },
        cases: n,
        responded: r,
        weight: n * d,
        weighted_responded: r * d,
    }
}

fn close(actual: Option<f64>, expected: f64, tolerance: f64, what: &str) {
    let a = actual.unwrap_or_else(|| panic!("{what} is null"));
    assert!(
        (a - expected).abs() < tolerance,
        "{what}: {a} != {expected}"
    );
}

fn category<'a>(r: &'a Representativity, variable: &str, k: &str) -> &'a CategoryIndicator {
    r.partial
        .iter()
        .find(|p| p.variable == variable)
        .and_then(|p| p.categories.iter().find(|c| c.category == k))
        .unwrap_or_else(|| panic!("{variable} {k}"))
}

fn variable<'a>(r: &'a Representativity, variable: &str) -> &'a PartialIndicator {
    r.partial.iter().find(|p| p.variable == variable).unwrap()
}

/// METHODS.md §9: strata SE (d = 150), EU (30), AFR (12.5) × sex, NE left out.
fn worked_example() -> Representativity {
    let cells = [
        cell("SE", "F", 190., 109., 150.),
        cell("SE", "M", 202., 91., 150.),
        cell("EU", "F", 150., 62., 30.),
        cell("EU", "M", 144., 49., 30.),
        cell("AFR", "F", 160., 51., 12.5),
        cell("AFR", "M", 150., 33., 12.5),
    ];
    representativity(&["sex".to_string()], &cells)
}

#[test]
fn the_worked_example_overall() {
    let r = worked_example();
    assert_eq!(r.cases, 996.0);
    close(r.rho_bar, 0.480873, 5e-7, "rho_bar");
    close(r.r_unadjusted, 0.823065, 5e-7, "R_un");
    close(r.cv_unadjusted, 0.183973, 5e-7, "CV_un");
    close(r.r, 0.839005, 5e-7, "R");
    close(r.cv, 0.167399, 5e-7, "CV");
    close(r.se, 0.031000, 5e-7, "SE(R)");
    let [lo, hi] = r.ci95.unwrap();
    close(Some(lo), 0.778244, 5e-7, "CI low");
    close(Some(hi), 0.899765, 5e-7, "CI high");
    close(r.se_cv, 0.032246, 5e-7, "SE(CV)");
    assert!(
        r.small_cells.is_empty(),
        "every cell has at least 144 cases"
    );
}

#[test]
fn the_worked_example_partial_indicators() {
    let r = worked_example();
    for (z, k, rho, p_u, p_c) in [
        ("stratum", "SE", 0.510204, 0.026600, 0.027495),
        ("stratum", "EU", 0.377551, -0.036290, 0.037763),
        ("stratum", "AFR", 0.270968, -0.048868, 0.049594),
        ("sex", "F", 0.538500, 0.040320, 0.041843),
        ("sex", "M", 0.425606, -0.039486, 0.040780),
    ] {
        let c = category(&r, z, k);
        close(c.rho, rho, 5e-7, &format!("rho {z} {k}"));
        close(c.p_u, p_u, 5e-7, &format!("P_u {z} {k}"));
        close(c.p_c, p_c, 5e-7, &format!("P_c {z} {k}"));
    }
    let stratum = variable(&r, "stratum");
    close(stratum.p_u, 0.060443, 5e-7, "P_u(stratum)");
    close(stratum.p_u_unadjusted, 0.066427, 5e-7, "P_u(stratum) unadj");
    close(stratum.p_c, 0.061991, 5e-7, "P_c(stratum)");
    close(stratum.p_c_unadjusted, 0.068129, 5e-7, "P_c(stratum) unadj");
    let sex = variable(&r, "sex");
    close(sex.p_u, 0.051350, 5e-7, "P_u(sex)");
    close(sex.p_u_unadjusted, 0.056435, 5e-7, "P_u(sex) unadj");
    close(sex.p_c, 0.053164, 5e-7, "P_c(sex)");
    close(sex.p_c_unadjusted, 0.058428, 5e-7, "P_c(sex) unadj");
}

/// Two strata of two cases, weight 1: A both responded, B neither. Worked by hand:
/// ρ̄ = 0.5, S² = (2·0.25 + 2·0.25)/3 = 1/3, every c_h = 0 and y is constant within each
/// stratum, so B = 0, f = 1 and R = R_un = 1 − 2/√3; T1 = T2 = T3 = 0 so SE = 0;
/// CV = √(1/3)/0.5 = 2/√3, SE(CV) = √(CV⁴/4) = CV²/2 = 2/3; P_u(A) = √(1/2)·0.5, P_u(B) its
/// negative, P_u(stratum) = √(0.5·0.25 + 0.5·0.25) = 0.5, and P_c = |P_u| with one variable.
#[test]
fn a_table_worked_by_hand() {
    let r = representativity(&[], &[cell("A", "", 2., 2., 1.), cell("B", "", 2., 0., 1.)]);
    close(r.rho_bar, 0.5, 1e-12, "rho_bar");
    close(r.r_unadjusted, 1.0 - 2.0 / 3f64.sqrt(), 1e-12, "R_un");
    close(r.r, 1.0 - 2.0 / 3f64.sqrt(), 1e-12, "R");
    close(r.se, 0.0, 1e-12, "SE");
    close(r.cv, 2.0 / 3f64.sqrt(), 1e-12, "CV");
    close(r.se_cv, 2.0 / 3.0, 1e-12, "SE(CV)");
    close(
        category(&r, "stratum", "A").p_u,
        0.5f64.sqrt() * 0.5,
        1e-12,
        "P_u A",
    );
    close(
        category(&r, "stratum", "B").p_u,
        -(0.5f64.sqrt()) * 0.5,
        1e-12,
        "P_u B",
    );
    close(
        category(&r, "stratum", "B").p_c,
        0.5f64.sqrt() * 0.5,
        1e-12,
        "P_c B",
    );
    close(variable(&r, "stratum").p_u, 0.5, 1e-12, "P_u(stratum)");
    assert_eq!(
        r.small_cells.len(),
        2,
        "both cells have fewer than 20 cases"
    );
}

#[test]
fn no_response_at_all_leaves_everything_undefined() {
    let r = representativity(
        &[],
        &[cell("A", "", 30., 0., 1.), cell("B", "", 30., 0., 1.)],
    );
    assert_eq!((r.r, r.se, r.cv, r.rho_bar), (None, None, None, None));
    let empty = representativity(&[], &[]);
    assert_eq!((empty.r, empty.cases), (None, 0.0));
}

/// Every cell responds alike: S² = 0, so R = 1, CV = 0, partials 0 and SE undefined.
#[test]
fn equal_propensities_give_r_one_and_no_standard_error() {
    let r = representativity(
        &["sex".to_string()],
        &[
            cell("A", "F", 40., 20., 2.),
            cell("A", "M", 40., 20., 2.),
            cell("B", "F", 30., 15., 5.),
        ],
    );
    assert_eq!(r.r, Some(1.0));
    assert_eq!(r.cv, Some(0.0));
    assert_eq!(r.se, None);
    assert_eq!(r.ci95, None);
    for p in &r.partial {
        assert_eq!(p.p_u, Some(0.0), "{}", p.variable);
        for c in &p.categories {
            assert_eq!(c.p_u, Some(0.0));
        }
    }
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["se"].is_null());
}
