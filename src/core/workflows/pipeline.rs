//! The one way a fork's files become a setup: read, inspect, follow, guard. The CLI's
//! `--checkout` and the wizard's reading from GitHub both call [`read_fork`], so the same files
//! give the same setup in both.

use super::findings::{Findings, RegionSource};
use super::follow::follow;
use super::followed::Followed;
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

/// The jobs whose role-assuming step reads the secret or variable `name`: for the role ARN, or
/// for the region the step runs in.
pub fn read_by(findings: &Findings, name: &str) -> Vec<String> {
    let mut jobs: Vec<String> =
        findings.role_names().into_iter().filter(|r| r.name == name).flat_map(|r| r.jobs).collect();
    for c in &findings.credentials {
        let region_reads = matches!(&c.region, RegionSource::Variable { name: n } if n == name);
        if region_reads && !jobs.contains(&c.job) {
            jobs.push(c.job.clone());
        }
    }
    jobs
}

/// The role-assuming steps whose role the setup cannot name, each with what to change: the
/// secrets guide cannot say which secret such a step reads.
pub fn unnamed_roles(findings: &Findings) -> Vec<String> {
    findings
        .credentials
        .iter()
        .filter_map(|c| {
            let written = c.role_unnamed.as_ref()?;
            let text = if written.value.trim().is_empty() { "not set".to_string() } else { format!("{:?}", written.value) };
            Some(format!(
                "job {} at {}: its role-to-assume is {text}, not one secret, so no secret listed here reaches it; write it as ${{{{ secrets.NAME }}}} with one of the names below",
                c.job, written.from
            ))
        })
        .collect()
}
