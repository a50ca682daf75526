//! The one way a fork's files become a setup: read, inspect, follow, guard. The CLI's
//! `--checkout` and the wizard's reading from GitHub both call [`read_fork`], so the same files
//! give the same setup in both.

use super::findings::Findings;
use super::follow::{follow, Followed};
use super::read::SourceFile;
use super::{inspect, report};
use crate::core::setup::SetupInput;

/// What the fork's files give the setup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// What the workflows read and do.
    pub findings: Findings,
    /// The input with the findings applied; every option offered is one the setup accepts.
    pub followed: Followed,
}

/// Reads `files` (the fork's workflow files and table script) and applies what they read to
/// `input`.
pub fn read_fork(files: &[SourceFile], input: &SetupInput) -> Reading {
    let findings = inspect(files);
    let followed = follow(&findings, input);
    Reading { findings, followed }
}

impl Reading {
    /// Every line a text reader should see: the files read, those skipped, the problems, then
    /// what following changed (each line naming its flag), the decisions and the notes. The lines
    /// about the files start with `prefix`.
    pub fn lines(&self, prefix: &str) -> Vec<String> {
        let found = &self.findings;
        let read = if found.workflows.is_empty() { "no workflow file".to_string() } else { found.workflows.join(", ") };
        let mut lines = vec![format!("{prefix}read {read}")];
        lines.extend(found.notices.iter().map(|n| format!("{prefix}{} skipped: {}", n.path, n.text)));
        lines.extend(found.problems.iter().map(|p| format!("{prefix}{}: {}", p.at, p.text)));
        lines.extend(report::followed_notes(&self.followed));
        lines
    }
}
