//! The Luhn mod 32 check symbol of an access code (METHODS.md §5).
//!
//! Walking from the rightmost symbol with alternating factors catches every single wrong
//! symbol and every swap of two neighbours except 0↔Z, the usual typing mistakes.

const BASE: u8 = 32;

/// The check value (0–31) for data values (each below 32) given left to right.
pub(crate) fn check_value(data_values: &[u8]) -> u8 {
    (BASE - weighted_residue(data_values, true)) % BASE
}

/// Whether data values followed by their check value (left to right) form a valid code.
pub(crate) fn is_valid(values_with_check: &[u8]) -> bool {
    weighted_residue(values_with_check, false) == 0
}

/// The Luhn mod 32 sum, modulo 32, walking from the rightmost value with factor 2 first if
/// `double_first`, else factor 1 first. Each product x adds ⌊x/32⌋ + x mod 32.
fn weighted_residue(values: &[u8], double_first: bool) -> u8 {
    let mut residue = 0;
    let mut double = double_first;
    for &value in values.iter().rev() {
        let value = value % BASE;
        let product = if double { value * 2 } else { value };
        residue = (residue + product / BASE + product % BASE) % BASE;
        double = !double;
    }
    residue
}
