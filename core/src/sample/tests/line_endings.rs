//! Line-end normalisation, including `\r\n` split across reads, and line numbers per style.

use std::io::{BufReader, Read};

use super::super::line_endings::LfLineEndings;
use super::{places, sample_errors};

/// Reads everything through the adapter with tiny buffers on both sides.
fn normalised(input: &[u8], inner_capacity: usize, read_size: usize) -> Vec<u8> {
    let mut reader = LfLineEndings::new(BufReader::with_capacity(inner_capacity, input));
    let mut output = Vec::new();
    let mut chunk = vec![0u8; read_size];
    loop {
        let count = reader.read(&mut chunk).expect("in-memory read");
        if count == 0 {
            return output;
        }
        output.extend_from_slice(&chunk[..count]);
    }
}

#[test]
fn crlf_and_cr_become_lf_whatever_the_buffer_sizes() {
    let input = b"a,b\r\nc,d\re,f\n\r\n\rg\r";
    for inner_capacity in 1..6 {
        for read_size in 1..6 {
            assert_eq!(
                normalised(input, inner_capacity, read_size),
                b"a,b\nc,d\ne,f\n\n\ng\n",
                "capacity {inner_capacity}, read size {read_size}"
            );
        }
    }
}

#[test]
fn line_numbers_are_right_for_every_line_end_style() {
    for line_end in ["\n", "\r\n", "\r"] {
        let csv = ["person_id,stratum", "P1,SE", "P2,XX", "P3,SE", "P4,XX", ""].join(line_end);
        let errors = sample_errors(&csv);
        assert_eq!(
            places(&errors),
            [(3, Some("stratum")), (5, Some("stratum"))],
            "line end {line_end:?}"
        );
    }
}
