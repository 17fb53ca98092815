//! Tests of access codes against METHODS.md §5: test vectors, normalisation, error detection.

use super::alphabet::{symbol_of, value_of, SYMBOLS};
use super::check_symbol::check_value;
use super::{AccessCode, CodeError, CodeKey, CodeKeyError, CODE_SYMBOLS};

/// Many random codes for the property-style loops.
fn generated_codes(count: usize) -> Vec<AccessCode> {
    (0..count)
        .map(|_| AccessCode::generate().expect("OS random source"))
        .collect()
}

fn with_symbol_replaced(code: &str, position: usize, symbol: u8) -> String {
    let mut bytes = code.as_bytes().to_vec();
    bytes[position] = symbol;
    String::from_utf8(bytes).expect("ASCII")
}

#[test]
fn test_vector_k7qm_has_check_n() {
    let code = AccessCode::parse("K7QM2XHD9WBTN").expect("valid");
    assert_eq!(code.as_str(), "K7QM2XHD9WBTN");
    for check in SYMBOLS.iter().filter(|&&symbol| symbol != b'N') {
        let wrong = format!("K7QM2XHD9WBT{}", char::from(*check));
        assert_eq!(AccessCode::parse(&wrong), Err(CodeError::CheckMismatch));
    }
}

#[test]
fn test_vector_0123_has_check_t() {
    assert!(AccessCode::parse("0123456789ABT").is_ok());
    assert_eq!(
        AccessCode::parse("0123456789ABS"),
        Err(CodeError::CheckMismatch)
    );
}

#[test]
fn hmac_test_vector() {
    let key = CodeKey::new(b"svar-example-secret").expect("key");
    let code = AccessCode::parse("K7QM-2XHD-9WBT-N").expect("valid");
    assert_eq!(
        key.hash(&code),
        "0e1992f94ec3402ff914be3564523aed8397ebe5c11b0cd860e2df4f1a293955"
    );
}

#[test]
fn printed_form_is_grouped_in_fours() {
    let code = AccessCode::parse("K7QM2XHD9WBTN").expect("valid");
    assert_eq!(code.printed(), "K7QM-2XHD-9WBT-N");
}

#[test]
fn normalisation_accepts_case_spaces_and_dashes() {
    for typed in [
        "k7qm-2xhd 9wbt-n",
        "  K7QM 2XHD 9WBT N  ",
        "K7QM\t2XHD\n9WBT\u{2013}N",
        "k7qm2xhd9wbtn",
    ] {
        let code = AccessCode::parse(typed).expect("normalises");
        assert_eq!(code.as_str(), "K7QM2XHD9WBTN", "typed {typed:?}");
    }
}

#[test]
fn normalisation_maps_o_to_zero_and_i_l_to_one() {
    let expected = AccessCode::parse("0123456789ABT").expect("valid");
    for typed in [
        "O123456789ABT",
        "o123456789abt",
        "0I23456789ABT",
        "0l23456789ABT",
    ] {
        assert_eq!(AccessCode::parse(typed), Ok(expected.clone()), "{typed}");
    }
}

#[test]
fn u_is_rejected() {
    assert_eq!(
        AccessCode::parse("K7QM2XHD9WBUN"),
        Err(CodeError::InvalidCharacter { position: 12 })
    );
    assert_eq!(
        AccessCode::parse("u7QM2XHD9WBTN"),
        Err(CodeError::InvalidCharacter { position: 1 })
    );
}

#[test]
fn other_characters_are_rejected() {
    for typed in [
        "K7QM.2XHD9WBTN",
        "K7QM2XHD9WBT*",
        "K7QM2XHD9WBTÅ",
        "K7QM_2XHD9WBTN",
    ] {
        assert!(
            matches!(
                AccessCode::parse(typed),
                Err(CodeError::InvalidCharacter { .. })
            ),
            "{typed}"
        );
    }
}

#[test]
fn wrong_length_is_rejected() {
    assert_eq!(
        AccessCode::parse(""),
        Err(CodeError::WrongLength { found: 0 })
    );
    assert_eq!(
        AccessCode::parse("K7QM-2XHD-9WBT"),
        Err(CodeError::WrongLength { found: 12 })
    );
    assert_eq!(
        AccessCode::parse("K7QM-2XHD-9WBT-NN"),
        Err(CodeError::WrongLength { found: 14 })
    );
}

#[test]
fn every_single_symbol_substitution_is_rejected() {
    for code in generated_codes(200) {
        let valid = code.as_str();
        for position in 0..CODE_SYMBOLS {
            for &symbol in SYMBOLS.iter() {
                if symbol == valid.as_bytes()[position] {
                    continue;
                }
                let typo = with_symbol_replaced(valid, position, symbol);
                assert_eq!(
                    AccessCode::parse(&typo),
                    Err(CodeError::CheckMismatch),
                    "substitution at {position}"
                );
            }
        }
    }
}

#[test]
fn every_neighbour_swap_except_zero_z_is_rejected() {
    for code in generated_codes(2000) {
        let valid = code.as_str().as_bytes();
        for position in 0..CODE_SYMBOLS - 1 {
            let (left, right) = (valid[position], valid[position + 1]);
            if left == right {
                continue;
            }
            let mut swapped = valid.to_vec();
            swapped.swap(position, position + 1);
            let swapped = String::from_utf8(swapped).expect("ASCII");
            let parsed = AccessCode::parse(&swapped);
            if matches!((left, right), (b'0', b'Z') | (b'Z', b'0')) {
                assert!(parsed.is_ok(), "0↔Z swaps are the known blind spot");
            } else {
                assert_eq!(parsed, Err(CodeError::CheckMismatch));
            }
        }
    }
}

#[test]
fn zero_z_swap_is_the_documented_blind_spot() {
    let data = "0Z0000000000";
    let values: Vec<u8> = data.bytes().filter_map(value_of).collect();
    let check = char::from(symbol_of(check_value(&values)));
    let valid = format!("{data}{check}");
    let swapped = format!("Z00000000000{check}");
    assert!(AccessCode::parse(&valid).is_ok());
    assert!(AccessCode::parse(&swapped).is_ok());
}

#[test]
fn generated_codes_parse_back_in_every_form() {
    for code in generated_codes(5000) {
        assert_eq!(code.as_str().len(), CODE_SYMBOLS);
        assert_eq!(AccessCode::parse(code.as_str()), Ok(code.clone()));
        assert_eq!(AccessCode::parse(&code.printed()), Ok(code.clone()));
        assert_eq!(
            AccessCode::parse(&code.printed().to_lowercase()),
            Ok(code.clone())
        );
    }
}

#[test]
fn generated_codes_use_every_symbol_in_every_position() {
    let codes = generated_codes(5000);
    for position in 0..CODE_SYMBOLS - 1 {
        for &symbol in SYMBOLS.iter() {
            assert!(
                codes
                    .iter()
                    .any(|code| code.as_str().as_bytes()[position] == symbol),
                "symbol {} never drawn at {position}",
                char::from(symbol)
            );
        }
    }
}

#[test]
fn debug_does_not_show_the_code() {
    let code = AccessCode::parse("K7QM2XHD9WBTN").expect("valid");
    let shown = format!("{code:?}");
    assert_eq!(shown, "AccessCode(…)");
    assert!(!shown.contains("K7QM"));
}

#[test]
fn errors_do_not_echo_the_input() {
    for typed in ["K7QM2XHD9WBUN", "K7QM2XHD9WB", "K7QM2XHD9WBTA"] {
        let error = AccessCode::parse(typed).expect_err("invalid");
        let message = error.to_string();
        assert!(!message.contains("K7QM"), "{message}");
        assert!(!format!("{error:?}").contains("K7QM"));
    }
}

#[test]
fn code_key_refuses_an_empty_secret() {
    assert_eq!(CodeKey::new(b"").err(), Some(CodeKeyError::Empty));
}

#[test]
fn code_key_debug_is_redacted() {
    let key = CodeKey::new(b"svar-example-secret").expect("key");
    let shown = format!("{key:?}");
    assert_eq!(shown, "CodeKey(…)");
}

#[test]
fn different_keys_give_different_hashes_and_ids() {
    let code = AccessCode::parse("K7QM2XHD9WBTN").expect("valid");
    let first = CodeKey::new(b"first secret").expect("key");
    let second = CodeKey::new(b"second secret").expect("key");
    assert_ne!(first.hash(&code), second.hash(&code));
    assert_ne!(first.key_id(), second.key_id());
    assert_eq!(first.key_id().len(), 16);
    assert_eq!(first.hash(&code).len(), 64);
}

#[test]
fn generated_secrets_are_64_hex_digits_and_differ() {
    let first = CodeKey::generate_secret().expect("random");
    let second = CodeKey::generate_secret().expect("random");
    assert_eq!(first.len(), 64);
    assert!(first.chars().all(|digit| digit.is_ascii_hexdigit()));
    assert_ne!(first, second);
    assert!(CodeKey::new(first.as_bytes()).is_ok());
}
