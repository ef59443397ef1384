//! Which changes a subscriber asked for.

use entity::SubjectKind;

use super::LiveChange;

/// Which changes a subscriber receives: every condition given must hold.
#[derive(Clone, Debug, Default)]
pub struct ChangeSelector {
    /// Only changes of rows of these kinds.
    pub kinds: Option<Vec<SubjectKind>>,
    /// Only changes of this object or of rows that point at it.
    pub about: Option<(SubjectKind, i32)>,
    /// Only changes of this partnership or of what belongs to it.
    pub partnership: Option<i32>,
    /// Only changes made by this author.
    pub by: Option<String>,
}

impl ChangeSelector {
    /// Whether `change` is one the subscriber asked for.
    pub fn matches(&self, change: &LiveChange) -> bool {
        self.kinds.as_ref().is_none_or(|kinds| kinds.contains(&change.change.subject_kind))
            && self.about.is_none_or(|about| change.concerns.contains(&about))
            && self.partnership.is_none_or(|id| change.concerns.contains(&(SubjectKind::Partnership, id)))
            && self.by.as_ref().is_none_or(|by| *by == change.change.actor)
    }
}
