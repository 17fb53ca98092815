//! R-indicators (METHODS.md §3, after Schouten, Cobben & Bethlehem 2009 and RISQ 2.1), reduced
//! to cells: the response propensity of a cell (stratum × categories of the chosen auxiliary
//! variables) is its design-weighted response rate, so R, its standard error, the coefficient
//! of variation and the partial indicators are all sums over cells — O(cells), no case scan.

use super::ratio;
use serde::Serialize;
use std::collections::HashMap;

/// Cells with fewer cases than this are flagged (never merged in silence).
pub const SMALL_CELL: f64 = 20.0;

/// One cell of the sample without its not-eligible (4.x) cases.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub stratum: String,
    /// The cell's category of each chosen auxiliary variable, in the variables' order.
    pub categories: Vec<String>,
    /// n_h: cases, and those of them that responded (I or P).
    pub cases: f64,
    pub responded: f64,
    /// N̂_h = Σ d_i, and Σ d_i·r_i.
    pub weight: f64,
    pub weighted_responded: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Representativity {
    /// Bias-adjusted R (RISQ's `R`).
    #[serde(rename = "R")]
    pub r: Option<f64>,
    #[serde(rename = "R_unadjusted")]
    pub r_unadjusted: Option<f64>,
    pub se: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    /// Bias-adjusted coefficient of variation, which is also the maximal absolute bias of a
    /// respondent mean in units of its standard deviation (B_m/S(y)).
    #[serde(rename = "CV")]
    pub cv: Option<f64>,
    #[serde(rename = "CV_unadjusted")]
    pub cv_unadjusted: Option<f64>,
    pub se_cv: Option<f64>,
    /// ρ̄, the mean propensity (= design-weighted RR2 without the NE cases).
    pub rho_bar: Option<f64>,
    /// n, the eligible cases the indicators rest on.
    pub cases: f64,
    pub partial: Vec<PartialIndicator>,
    pub small_cells: Vec<SmallCell>,
}

/// Partial R-indicators of one model variable ("stratum" or an auxiliary).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartialIndicator {
    pub variable: String,
    /// Unconditional, bias-adjusted (RISQ's variable-level values).
    #[serde(rename = "P_u")]
    pub p_u: Option<f64>,
    /// Conditional on the other model variables, bias-adjusted.
    #[serde(rename = "P_c")]
    pub p_c: Option<f64>,
    #[serde(rename = "P_u_unadjusted")]
    pub p_u_unadjusted: Option<f64>,
    #[serde(rename = "P_c_unadjusted")]
    pub p_c_unadjusted: Option<f64>,
    pub categories: Vec<CategoryIndicator>,
}

/// Category-level partial indicators (unadjusted, as in RISQ): `P_u` is signed (below zero:
/// the category is under-represented among respondents), `P_c` is not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryIndicator {
    pub category: String,
    #[serde(rename = "P_u")]
    pub p_u: Option<f64>,
    #[serde(rename = "P_c")]
    pub p_c: Option<f64>,
    /// ρ̄_k, the category's mean propensity.
    pub rho: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmallCell {
    pub stratum: String,
    pub categories: Vec<String>,
    pub cases: f64,
}

/// One cell with its propensity.
struct Fitted<'a> {
    cell: &'a Cell,
    rho: f64,
}

/// The indicators for cells over strata × `variables` (the names of the auxiliaries the
/// cells' categories belong to, in order).
pub fn representativity(variables: &[String], cells: &[Cell]) -> Representativity {
    let small_cells = cells
        .iter()
        .filter(|c| c.cases > 0.0 && c.cases < SMALL_CELL)
        .map(|c| SmallCell {
            stratum: c.stratum.clone(),
            categories: c.categories.clone(),
            cases: c.cases,
        })
        .collect();
    let fitted: Vec<Fitted> = cells
        .iter()
        .filter(|c| c.weight > 0.0 && c.cases > 0.0)
        .map(|cell| Fitted {
            cell,
            rho: cell.weighted_responded / cell.weight,
        })
        .collect();
    let n: f64 = fitted.iter().map(|f| f.cell.cases).sum();
    let total: f64 = fitted.iter().map(|f| f.cell.weight).sum();
    let mut out = Representativity {
        r: None,
        r_unadjusted: None,
        se: None,
        ci95: None,
        cv: None,
        cv_unadjusted: None,
        se_cv: None,
        rho_bar: None,
        cases: n,
        partial: Vec::new(),
        small_cells,
    };
    let rho_bar: f64 = fitted.iter().map(|f| f.cell.weight * f.rho).sum::<f64>() / total;
    if total <= 1.0 || rho_bar == 0.0 || !rho_bar.is_finite() {
        return out;
    }
    let share = |f: &Fitted| f.cell.weight / total;
    let s2 = fitted
        .iter()
        .map(|f| f.cell.weight * (f.rho - rho_bar).powi(2))
        .sum::<f64>()
        / (total - 1.0);
    let s2_ml: f64 = fitted
        .iter()
        .map(|f| share(f) * (f.rho - rho_bar).powi(2))
        .sum();
    let c = |f: &Fitted| f.rho * (1.0 - f.rho);
    let bias = fitted.iter().map(c).sum::<f64>() / n
        - design_variance(&fitted, |f| f.rho) / (total * total);
    let f_adj = if s2 == 0.0 || bias > s2 {
        0.0
    } else {
        1.0 - bias / s2
    };
    out.rho_bar = Some(rho_bar);
    out.r_unadjusted = Some(1.0 - 2.0 * s2.sqrt());
    out.cv_unadjusted = ratio(s2.sqrt(), rho_bar);
    let r = 1.0 - 2.0 * (f_adj * s2).sqrt();
    let cv = (f_adj * s2).sqrt() / rho_bar;
    out.r = Some(r);
    out.cv = Some(cv).filter(|v| v.is_finite());

    let t1 = 4.0 / n
        * fitted
            .iter()
            .map(|f| c(f) * share(f) * (f.rho - rho_bar).powi(2))
            .sum::<f64>();
    let t2 = 2.0 / (n * n)
        * (fitted
            .iter()
            .map(|f| c(f).powi(2) * (1.0 - 2.0 * share(f)))
            .sum::<f64>()
            + fitted.iter().map(|f| c(f) * share(f)).sum::<f64>().powi(2));
    let t3 = design_variance(&fitted, |f| (f.rho - rho_bar).powi(2)) / (total * total);
    let se = ratio(t1 + t2 + t3, s2_ml)
        .filter(|v| *v >= 0.0)
        .map(f64::sqrt);
    out.se = se;
    out.ci95 = se.map(|se| [r - 1.96 * se, r + 1.96 * se]);
    out.se_cv = se.map(|se| (se * se / (4.0 * rho_bar * rho_bar) + cv.powi(4) / n).sqrt());

    let names: Vec<String> = std::iter::once("stratum".to_string())
        .chain(variables.iter().cloned())
        .collect();
    out.partial = (0..names.len())
        .map(|z| partial(&names[z], z, &fitted, total, rho_bar, f_adj))
        .collect();
    out
}

/// The cell's category of model variable `z` (0 = stratum).
fn category_of<'a>(f: &'a Fitted, z: usize) -> &'a str {
    if z == 0 {
        &f.cell.stratum
    } else {
        &f.cell.categories[z - 1]
    }
}

/// The cell's categories on every model variable but `z`, as one key.
fn others_key(f: &Fitted, z: usize) -> Vec<String> {
    let mut key = Vec::with_capacity(f.cell.categories.len());
    if z != 0 {
        key.push(f.cell.stratum.clone());
    }
    for (i, c) in f.cell.categories.iter().enumerate() {
        if i + 1 != z {
            key.push(c.clone());
        }
    }
    key
}

fn partial(
    name: &str,
    z: usize,
    fitted: &[Fitted],
    total: f64,
    rho_bar: f64,
    f_adj: f64,
) -> PartialIndicator {
    // Per category k: N̂_k and Σ N̂_h·ρ_h, in the order categories first appear.
    let mut order: Vec<&str> = Vec::new();
    let mut sums: HashMap<&str, (f64, f64, f64)> = HashMap::new();
    // ρ̄ of each group of cells that share every category but Z's.
    let mut groups: HashMap<Vec<String>, (f64, f64)> = HashMap::new();
    for f in fitted {
        let k = category_of(f, z);
        let entry = sums.entry(k).or_insert_with(|| {
            order.push(k);
            (0.0, 0.0, 0.0)
        });
        entry.0 += f.cell.weight;
        entry.1 += f.cell.weight * f.rho;
        let g = groups.entry(others_key(f, z)).or_insert((0.0, 0.0));
        g.0 += f.cell.weight;
        g.1 += f.cell.weight * f.rho;
    }
    for f in fitted {
        let group_rho = groups
            .get(&others_key(f, z))
            .map(|(w, wr)| wr / w)
            .unwrap_or(rho_bar);
        if let Some(entry) = sums.get_mut(category_of(f, z)) {
            entry.2 += f.cell.weight / total * (f.rho - group_rho).powi(2);
        }
    }
    let mut unconditional = 0.0;
    let mut conditional = 0.0;
    let categories = order
        .iter()
        .map(|k| {
            let (w, wr, pc2) = sums.get(k).copied().unwrap_or_default();
            let rho_k = wr / w;
            unconditional += w / total * (rho_k - rho_bar).powi(2);
            conditional += pc2;
            CategoryIndicator {
                category: (*k).to_string(),
                p_u: Some((w / total).sqrt() * (rho_k - rho_bar)).filter(|v| v.is_finite()),
                p_c: Some(pc2.sqrt()).filter(|v| v.is_finite()),
                rho: Some(rho_k).filter(|v| v.is_finite()),
            }
        })
        .collect();
    let finite = |v: f64| Some(v).filter(|v| v.is_finite());
    PartialIndicator {
        variable: name.to_string(),
        p_u: finite((f_adj * unconditional).sqrt()),
        p_c: finite((f_adj * conditional).sqrt()),
        p_u_unadjusted: finite(unconditional.sqrt()),
        p_c_unadjusted: finite(conditional.sqrt()),
        categories,
    }
}

/// V(y) = Σ_g N̂_g²(1 − n_g/N̂_g)·s²_g(y)/n_g, the variance of Σ d_i·y_i under stratified simple
/// random sampling, for a y that is constant within each cell. Strata with n_g < 2 add 0.
fn design_variance(fitted: &[Fitted], y: impl Fn(&Fitted) -> f64) -> f64 {
    // Per stratum: n_g, N̂_g, Σ n_h·y_h, Σ n_h·y_h².
    let mut strata: HashMap<&str, [f64; 4]> = HashMap::new();
    for f in fitted {
        let v = y(f);
        let s = strata.entry(&f.cell.stratum).or_insert([0.0; 4]);
        s[0] += f.cell.cases;
        s[1] += f.cell.weight;
        s[2] += f.cell.cases * v;
    }
    for f in fitted {
        let v = y(f);
        if let Some(s) = strata.get_mut(f.cell.stratum.as_str()) {
            let mean = s[2] / s[0];
            s[3] += f.cell.cases * (v - mean).powi(2);
        }
    }
    strata
        .values()
        .filter(|s| s[0] >= 2.0)
        .map(|[n, w, _, ss]| w * w * (1.0 - n / w) * (ss / (n - 1.0)) / n)
        .sum()
}

#[cfg(test)]
mod tests;
