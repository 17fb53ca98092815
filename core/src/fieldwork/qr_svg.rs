//! The QR code of a letter's direct link as inline SVG: one path of horizontal runs of dark
//! modules (a few kilobytes, where an SVG square per module would be twice that), sized by
//! the page's CSS. A phone's camera opens the link and logs in with the letter's code.

use qrcode::{Color, EcLevel, QrCode};
use std::fmt::Write as _;

/// Modules of white around the code, as the QR standard asks.
const QUIET_ZONE: usize = 4;

/// The SVG of `text` as a QR code (error correction M), or `None` if it is too long for one.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET_ZONE;
    let mut path = String::with_capacity(width * width / 2);
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                let run = x - start;
                let _ = write!(
                    path,
                    "M{} {}h{run}v1h-{run}z",
                    start + QUIET_ZONE,
                    y + QUIET_ZONE
                );
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\" role=\"img\"><rect width=\"{size}\" height=\"{size}\" \
         fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_becomes_a_compact_svg_with_the_finder_patterns() {
        let svg = qr_svg("https://svar.example.se/s/K7QM2XHD9WBTN").unwrap();
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        // Version 3 (29 modules) plus the quiet zone on both sides.
        assert!(svg.contains("viewBox=\"0 0 37 37\""), "{svg}");
        // The top-left finder pattern starts with a run of seven dark modules.
        assert!(svg.contains("M4 4h7v1h-7z"), "{svg}");
        assert!(svg.len() < 4000, "{}", svg.len());
        assert!(qr_svg(&"x".repeat(5000)).is_none());
    }
}
