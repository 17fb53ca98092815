//! XLSForm's `randomize`: a select shows its choices in an order of its own for each respondent,
//! so that no choice gains from coming first, and in the same order every time that respondent
//! sees the page (the order is drawn from the case, not at random on each view). With
//! `seed=${…}` the order follows that value instead: the same value, the same order. The
//! stored answer and the exports' codes keep the list's own order.

use super::compiled::CompiledForm;
use super::context::AnswerContext;
use super::Answers;
use crate::expr::evaluate;
use crate::form::model::{Choice, Item};

impl CompiledForm {
    /// The choices `item` shows to case `case_id` with `answers`: those it offers
    /// ([`CompiledForm::offered_choices`]), shuffled when it is randomized.
    pub fn choices_to_show<'f>(
        &'f self,
        item: &'f Item,
        answers: &Answers,
        case_id: i64,
    ) -> Vec<&'f Choice> {
        let mut choices = self.offered_choices(item, answers);
        if !item.randomize {
            return choices;
        }
        let seed_expr = self
            .item_position(&item.name)
            .and_then(|(page, index)| self.item_exprs(page, index))
            .and_then(|exprs| exprs.randomize_seed.as_ref());
        let seed = match seed_expr {
            Some(expr) => {
                let context = AnswerContext::for_item(answers, Some(&item.name));
                evaluate(expr, &context).to_number().to_bits()
            }
            // Each question its own order for the case.
            None => (case_id as u64) ^ name_hash(&item.name),
        };
        shuffle(&mut choices, seed);
        choices
    }
}

/// FNV-1a of `name`: tells a case's randomized questions apart.
fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The next number of SplitMix64 (Steele, Lea and Flood 2014): well mixed even for seeds that
/// differ by one, as case ids do.
fn split_mix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Fisher–Yates with SplitMix64 seeded by `seed`.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed;
    for i in (1..items.len()).rev() {
        let j = (split_mix(&mut state) % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shuffle_is_a_permutation_fixed_by_its_seed() {
        let list: Vec<u32> = (0..10).collect();
        let order = |seed| {
            let mut shuffled = list.clone();
            shuffle(&mut shuffled, seed);
            shuffled
        };
        let first = order(7);
        assert_eq!(first, order(7), "the same seed, the same order");
        assert_ne!(first, list, "shuffled");
        let mut sorted = first.clone();
        sorted.sort();
        assert_eq!(sorted, list, "nothing lost or repeated");
        assert_ne!(order(8), first, "a neighbouring seed, another order");
    }

    #[test]
    fn each_choice_comes_first_about_as_often() {
        let mut first = [0usize; 4];
        for case_id in 0..4000u64 {
            let mut choices = [0usize, 1, 2, 3];
            shuffle(&mut choices, case_id ^ name_hash("q"));
            first[choices[0]] += 1;
        }
        for count in first {
            assert!((900..1100).contains(&count), "{first:?}");
        }
    }
}
