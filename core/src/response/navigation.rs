//! Moving through the questionnaire: the next and previous page that is shown to this
//! respondent, and where a returning respondent resumes. Pages that do not apply, or have no
//! item left that applies, are skipped.

use super::compiled::CompiledForm;
use super::Answers;

impl CompiledForm {
    /// The first shown page after `after` (`None` ⇒ the first shown page of the form), or
    /// `None` at the end.
    pub fn next_page(&self, after: Option<usize>, answers: &Answers) -> Option<usize> {
        let start = after.map_or(0, |page| page.saturating_add(1));
        (start..self.form.pages.len()).find(|&page| self.page_shown(page, answers))
    }

    /// The last shown page before `before`, or `None` at the start.
    pub fn previous_page(&self, before: usize, answers: &Answers) -> Option<usize> {
        (0..before.min(self.form.pages.len()))
            .rev()
            .find(|&page| self.page_shown(page, answers))
    }

    /// Where a respondent continues: the first shown page after the furthest page saved (the
    /// first shown page for a new case). `None` means every page has been seen: show the
    /// review page.
    pub fn resume_page(&self, furthest_saved: Option<usize>, answers: &Answers) -> Option<usize> {
        self.next_page(furthest_saved, answers)
    }
}
