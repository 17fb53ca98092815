//! Reading a ratio taken in several rounds. The two cores this runs on change speed over
//! minutes (other machines share the host), and the server and pgbench are measured one after
//! the other, so one pair of steps can land on a fast and a slow minute. Taking turns in
//! rounds and reporting the round with the median ratio keeps one such pair from deciding the
//! figure; every round's ratio is printed beside it.

/// The index of the round whose ratio is the median (the lower middle one for an even count),
/// or `None` if no round has a ratio.
pub fn median_round(ratios: &[Option<f64>]) -> Option<usize> {
    let mut known: Vec<(usize, f64)> = ratios
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.filter(|r| r.is_finite()).map(|r| (i, r)))
        .collect();
    known.sort_by(|a, b| a.1.total_cmp(&b.1));
    let middle = known.len().checked_sub(1)? / 2;
    known.get(middle).map(|(i, _)| *i)
}

/// "0.71 / 0.78 / 0.83" in round order ("–" for a round without a ratio).
pub fn list(ratios: &[Option<f64>]) -> String {
    ratios
        .iter()
        .map(|r| r.map_or("–".to_string(), |r| format!("{r:.2}")))
        .collect::<Vec<_>>()
        .join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_round_is_the_middle_ratio_not_the_middle_round() {
        assert_eq!(median_round(&[Some(0.9), Some(0.6), Some(0.7)]), Some(2));
        assert_eq!(median_round(&[Some(0.7)]), Some(0));
    }

    #[test]
    fn an_even_count_takes_the_lower_middle() {
        assert_eq!(
            median_round(&[Some(0.8), Some(0.5), Some(0.9), Some(0.6)]),
            Some(3)
        );
    }

    #[test]
    fn rounds_without_a_ratio_are_left_out() {
        assert_eq!(median_round(&[None, Some(0.8), None]), Some(1));
        assert_eq!(median_round(&[None, None]), None);
        assert_eq!(median_round(&[]), None);
    }

    #[test]
    fn the_list_keeps_round_order() {
        assert_eq!(list(&[Some(0.714), None, Some(0.8)]), "0.71 / – / 0.80");
    }
}
