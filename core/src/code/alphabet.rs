//! The Crockford base32 alphabet of access codes and how typed characters map onto it.
//!
//! Kept apart so that the rules for what a person may type (any case, spaces, dashes, the
//! look-alike letters O, I and L) live in one place.

/// The 32 symbols; a symbol's value is its position. U, I, L and O are left out.
pub(crate) const SYMBOLS: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// What one typed character means once normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypedChar {
    /// A separator or whitespace that carries no meaning (space, tab, hyphen, dash).
    Separator,
    /// A symbol of the alphabet, as its uppercase ASCII byte.
    Symbol(u8),
    /// Anything else, including U.
    Invalid,
}

/// Classifies one typed character: drops whitespace and hyphen-like dashes, uppercases,
/// maps O to 0 and I, L to 1.
pub(crate) fn classify(typed: char) -> TypedChar {
    if typed.is_whitespace() || is_dash(typed) {
        return TypedChar::Separator;
    }
    let mapped = match typed.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    match u8::try_from(mapped) {
        Ok(byte) if value_of(byte).is_some() => TypedChar::Symbol(byte),
        _ => TypedChar::Invalid,
    }
}

/// The value (0–31) of an uppercase ASCII symbol, or `None` if it is not in the alphabet.
pub(crate) fn value_of(symbol: u8) -> Option<u8> {
    SYMBOLS
        .iter()
        .position(|&candidate| candidate == symbol)
        .and_then(|position| u8::try_from(position).ok())
}

/// The symbol for a value; only the low 5 bits of `value` are used.
pub(crate) fn symbol_of(value: u8) -> u8 {
    SYMBOLS[usize::from(value & 0x1f)]
}

/// Hyphen and the dashes a word processor or PDF may substitute for it.
fn is_dash(typed: char) -> bool {
    matches!(typed, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}
