//! The OIDC subjects the role trusts, as text.

use crate::core::setup::Setup;

/// The `sub` values the role trusts for `setup`: the name form, then (when the ids are
/// known) the immutable id form. For any branch or tag each is a `StringLike` pattern ending
/// in `ref:*`; otherwise each is the exact value.
pub fn trusted_subjects(setup: &Setup) -> Vec<String> {
    let suffix = setup.scope.subject_suffix();
    let mut subjects = vec![format!("repo:{}:{suffix}", setup.fork)];
    if let Some(ids) = setup.ids {
        subjects
            .push(format!("repo:{}@{}/{}@{}:{suffix}", setup.fork.owner, ids.owner_id, setup.fork.repo, ids.repo_id));
    }
    subjects
}
