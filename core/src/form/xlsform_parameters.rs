//! Reads XLSForm's `parameters` column (`start=0 end=10 step=1`), as pyxform does: pairs split
//! on `;`, else on `,`, else on spaces, keys in any case. A `range` question takes its scale
//! from it; other uses are refused or warned about by name in `xlsform_survey_row`.

use super::model::{RangeScale, DEFAULT_RANGE};

/// The `key=value` pairs of a `parameters` cell, keys lower-cased, in the order written.
pub fn parse_parameters(text: &str) -> Result<Vec<(String, String)>, String> {
    let parts: Vec<&str> = [';', ',']
        .iter()
        .map(|separator| text.split(*separator).collect::<Vec<_>>())
        .find(|parts| parts.len() > 1)
        .unwrap_or_else(|| text.split_whitespace().collect());
    parts
        .into_iter()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((key, value)) => Ok((key.trim().to_lowercase(), value.trim().to_string())),
            None => Err(format!(
                "parameters are written `name=value name=value` (found `{part}`)"
            )),
        })
        .collect()
}

/// A select's `randomize` and `seed` parameters: whether its choices are shuffled, and the
/// expression that seeds the order (`None`: each respondent's own).
pub fn choice_order(text: &str) -> Result<(bool, Option<String>), String> {
    let mut randomize = false;
    let mut seed = None;
    for (key, value) in parse_parameters(text)? {
        match key.as_str() {
            "randomize" => {
                randomize = match value.to_lowercase().as_str() {
                    "true" | "yes" | "true()" => true,
                    "false" | "no" | "false()" => false,
                    other => {
                        return Err(format!("randomize must be true or false (found `{other}`)"))
                    }
                }
            }
            "seed" => seed = Some(value),
            other => {
                return Err(format!(
                    "a select takes the parameters randomize and seed (found `{other}`)"
                ))
            }
        }
    }
    if seed.is_some() && !randomize {
        return Err("seed has no effect without randomize=true".to_string());
    }
    Ok((randomize, seed))
}

/// Parameters of a range that only shape a slider on a phone; the scale is the same without
/// them.
const RANGE_DISPLAY_ONLY: &[&str] = &["tick_interval", "placeholder", "tick_labelset"];

/// The scale of a `range` question from its `parameters` cell (pyxform's 1 to 10 in steps of
/// 1 for what it leaves out).
pub fn range_scale(text: &str) -> Result<RangeScale, String> {
    let mut scale = DEFAULT_RANGE;
    for (key, value) in parse_parameters(text)? {
        let slot = match key.as_str() {
            "start" => &mut scale.start,
            "end" => &mut scale.end,
            "step" => &mut scale.step,
            other if RANGE_DISPLAY_ONLY.contains(&other) => continue,
            other => {
                return Err(format!(
                    "a range takes the parameters start, end and step (found `{other}`)"
                ))
            }
        };
        *slot = value
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .ok_or_else(|| format!("range parameter `{key}` must be a number (found `{value}`)"))?;
    }
    match scale.problem() {
        Some(problem) => Err(format!("range parameters: {problem}")),
        None => Ok(scale),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_split_as_pyxform_splits_them() {
        let expected = vec![
            ("start".to_string(), "0".to_string()),
            ("end".to_string(), "10".to_string()),
        ];
        assert_eq!(parse_parameters("start=0 end=10"), Ok(expected.clone()));
        assert_eq!(parse_parameters("Start=0, End=10"), Ok(expected.clone()));
        assert_eq!(parse_parameters("start = 0;end = 10"), Ok(expected));
        assert!(parse_parameters("start 0").is_err());
    }

    #[test]
    fn a_range_reads_its_scale() {
        assert_eq!(
            range_scale("start=0 end=10 step=1"),
            Ok(RangeScale {
                start: 0.0,
                end: 10.0,
                step: 1.0
            })
        );
        assert_eq!(range_scale(""), Ok(DEFAULT_RANGE));
        assert_eq!(
            range_scale("end=5 tick_interval=2"),
            Ok(RangeScale {
                start: 1.0,
                end: 5.0,
                step: 1.0
            })
        );
        let refused = |text: &str| range_scale(text).unwrap_err();
        assert!(refused("start=a").contains("`start` must be a number"));
        assert!(refused("step=0").contains("step must be greater than 0"));
        assert!(refused("start=0 end=10 step=3").contains("whole number of steps"));
        assert!(refused("randomize=true").contains("found `randomize`"));
    }

    #[test]
    fn a_select_reads_its_order() {
        assert_eq!(choice_order("randomize=true"), Ok((true, None)));
        assert_eq!(
            choice_order("randomize=true seed=${household_seed}"),
            Ok((true, Some("${household_seed}".to_string())))
        );
        assert_eq!(choice_order("randomize=false"), Ok((false, None)));
        assert!(choice_order("randomize=maybe").is_err());
        assert!(choice_order("seed=${x}").is_err());
        assert!(choice_order("value=name")
            .unwrap_err()
            .contains("found `value`"));
    }
}
