//! GitHub Actions' runs, jobs and annotations, as the public REST API returns them: the URLs,
//! and the answers read leniently (a missing or null member is empty) and within caps (body
//! size, list lengths, text lengths), since they come from the network and from the fork.

use serde::{Deserialize, Deserializer};

use super::CheckError;
use crate::core::links;
use crate::core::setup::choices::choice;
use crate::core::setup::values::Fork;

/// The largest answer read; a run's jobs with their steps are a few tens of KB.
pub const MAX_BODY_BYTES: usize = 512 * 1024;
/// The most jobs of a run read (GitHub's default page).
pub const MAX_JOBS: usize = 30;
/// The most steps of a job read.
pub const MAX_STEPS: usize = 60;
/// The most annotations of a job read.
pub const MAX_ANNOTATIONS: usize = 20;
/// The longest name (run, job, step, branch, title) kept, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest annotation message kept, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2000;

/// The latest run of the workflow `file` (its file name in `.github/workflows/`).
pub fn runs_url(base: &str, fork: &Fork, file: &str) -> String {
    format!("{}/actions/workflows/{}/runs?per_page=1", super::repo_url(base, fork), links::percent_encode(file))
}

/// The jobs of run `run_id`, with their steps.
pub fn jobs_url(base: &str, fork: &Fork, run_id: u64) -> String {
    format!("{}/actions/runs/{run_id}/jobs?per_page={MAX_JOBS}", super::repo_url(base, fork))
}

/// The annotations of job `job_id` (a job is a check run).
pub fn annotations_url(base: &str, fork: &Fork, job_id: u64) -> String {
    format!("{}/check-runs/{job_id}/annotations?per_page={MAX_ANNOTATIONS}", super::repo_url(base, fork))
}

choice! {
    /// Where a run, a job or a step stands, from GitHub's status and conclusion. The string
    /// form is the text shown and the style's modifier.
    pub enum Progress ("progress") {
        /// Waiting for a runner, or for an earlier job.
        #[default]
        Queued => "queued",
        /// Running now.
        Running => "running",
        /// Ended with success.
        Passed => "passed",
        /// Ended with a failure, a time-out or a startup failure.
        Failed => "failed",
        /// Cancelled.
        Cancelled => "cancelled",
        /// Skipped, or ended neutral.
        Skipped => "skipped",
        /// A status GitHub has not documented.
        Unknown => "unknown",
    }
}

impl Progress {
    /// Reads GitHub's `status` and `conclusion`.
    pub fn of(status: &str, conclusion: &str) -> Progress {
        match status {
            "queued" | "waiting" | "requested" | "pending" => Progress::Queued,
            "in_progress" => Progress::Running,
            "completed" => match conclusion {
                "success" => Progress::Passed,
                "failure" | "timed_out" | "startup_failure" | "action_required" => Progress::Failed,
                "cancelled" => Progress::Cancelled,
                "skipped" | "neutral" => Progress::Skipped,
                _ => Progress::Unknown,
            },
            _ => Progress::Unknown,
        }
    }

    /// Whether more may happen: worth asking again.
    pub fn is_going(self) -> bool {
        matches!(self, Progress::Queued | Progress::Running)
    }
}

/// One workflow run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Run {
    /// The run's id.
    pub id: u64,
    /// The workflow's name.
    #[serde(deserialize_with = "text")]
    pub name: String,
    /// queued, in_progress, completed...
    #[serde(deserialize_with = "text")]
    pub status: String,
    /// success, failure... (empty until it ends).
    #[serde(deserialize_with = "text")]
    pub conclusion: String,
    /// The run's page, as GitHub gave it (see [`links::github_page`]).
    #[serde(deserialize_with = "text")]
    pub html_url: String,
    /// The branch it ran on.
    #[serde(deserialize_with = "text")]
    pub head_branch: String,
    /// What started it (workflow_dispatch, push...).
    #[serde(deserialize_with = "text")]
    pub event: String,
    /// When it was created, ISO 8601.
    #[serde(deserialize_with = "text")]
    pub created_at: String,
    /// The attempt, from 1.
    #[serde(deserialize_with = "number")]
    pub run_attempt: u64,
    /// The run's number in the workflow.
    #[serde(deserialize_with = "number")]
    pub run_number: u64,
}

/// One job of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Job {
    /// The job's id (also its check run's).
    pub id: u64,
    /// The job's name.
    #[serde(deserialize_with = "text")]
    pub name: String,
    /// queued, in_progress, completed...
    #[serde(deserialize_with = "text")]
    pub status: String,
    /// success, failure... (empty until it ends).
    #[serde(deserialize_with = "text")]
    pub conclusion: String,
    /// The job's page, as GitHub gave it.
    #[serde(deserialize_with = "text")]
    pub html_url: String,
    /// Its steps, in order.
    #[serde(deserialize_with = "list")]
    pub steps: Vec<Step>,
    /// Its annotations, once read (only a failed job's are).
    #[serde(skip)]
    pub annotations: Option<Vec<Annotation>>,
}

/// One step of a job.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Step {
    /// The step's name, as the workflow gives it (untrusted text).
    #[serde(deserialize_with = "text")]
    pub name: String,
    /// queued, in_progress, completed...
    #[serde(deserialize_with = "text")]
    pub status: String,
    /// success, failure, skipped... (empty until it ends).
    #[serde(deserialize_with = "text")]
    pub conclusion: String,
    /// Its position in the job, from 1.
    #[serde(deserialize_with = "number")]
    pub number: u64,
}

/// One annotation of a job: an error or warning line a step wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Annotation {
    /// The text (untrusted).
    #[serde(deserialize_with = "text")]
    pub message: String,
    /// failure, warning or notice.
    #[serde(deserialize_with = "text")]
    pub annotation_level: String,
    /// A title, when the step gave one.
    #[serde(deserialize_with = "text")]
    pub title: String,
    /// The file it points at (`.github` for a workflow's own).
    #[serde(deserialize_with = "text")]
    pub path: String,
    /// The line it points at.
    #[serde(deserialize_with = "number")]
    pub start_line: u64,
}

impl Run {
    /// Where it stands.
    pub fn progress(&self) -> Progress {
        Progress::of(&self.status, &self.conclusion)
    }

    /// Its page: GitHub's link when it is a github.com page, else one built from its id.
    pub fn link(&self, fork: &Fork) -> String {
        links::github_page(&self.html_url).map_or_else(|| links::github_run(fork, self.id), str::to_string)
    }
}

impl Job {
    /// Where it stands.
    pub fn progress(&self) -> Progress {
        Progress::of(&self.status, &self.conclusion)
    }

    /// Its page: GitHub's link when it is a github.com page, else one built from the ids.
    pub fn link(&self, fork: &Fork, run_id: u64) -> String {
        links::github_page(&self.html_url).map_or_else(|| links::github_job(fork, run_id, self.id), str::to_string)
    }

    /// The step that failed, if one did.
    pub fn failed_step(&self) -> Option<&Step> {
        self.steps.iter().find(|s| s.progress() == Progress::Failed)
    }

    /// The messages of its failure annotations (warnings and notices left out), one a line:
    /// the text the diagnosis reads.
    pub fn failure_text(&self) -> String {
        let failures =
            self.annotations.iter().flatten().filter(|a| matches!(a.annotation_level.as_str(), "failure" | ""));
        failures.map(|a| a.message.as_str()).collect::<Vec<_>>().join("\n")
    }
}

impl Step {
    /// Where it stands.
    pub fn progress(&self) -> Progress {
        Progress::of(&self.status, &self.conclusion)
    }
}

/// A null or missing string is empty; any string is cut to [`MAX_MESSAGE_CHARS`] here and to
/// [`MAX_NAME_CHARS`] in [`Capped::cap`] for names.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(cut(Option::<String>::deserialize(d)?.unwrap_or_default(), MAX_MESSAGE_CHARS))
}

fn number<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(Option::<u64>::deserialize(d)?.unwrap_or_default())
}

fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn cut(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// What a parsed answer keeps: lists and names within the caps.
trait Capped {
    fn cap(self) -> Self;
}

impl Capped for Run {
    fn cap(mut self) -> Run {
        for name in [&mut self.name, &mut self.head_branch, &mut self.event, &mut self.created_at] {
            *name = cut(std::mem::take(name), MAX_NAME_CHARS);
        }
        self
    }
}

impl Capped for Job {
    fn cap(mut self) -> Job {
        self.name = cut(self.name, MAX_NAME_CHARS);
        self.steps.truncate(MAX_STEPS);
        for step in &mut self.steps {
            step.name = cut(std::mem::take(&mut step.name), MAX_NAME_CHARS);
        }
        self
    }
}

impl Capped for Annotation {
    fn cap(mut self) -> Annotation {
        self.title = cut(self.title, MAX_NAME_CHARS);
        self.path = cut(self.path, MAX_NAME_CHARS);
        self
    }
}

fn parse<'de, T: Deserialize<'de>>(what: &str, body: &'de str) -> Result<T, CheckError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(CheckError::BadBody(format!(
            "{what}: {} KB, more than the {} KB read",
            body.len() / 1024,
            MAX_BODY_BYTES / 1024
        )));
    }
    serde_json::from_str(body).map_err(|e| CheckError::BadBody(format!("{what}: {e}")))
}

#[derive(Deserialize)]
struct RunsAnswer {
    #[serde(default, deserialize_with = "list")]
    workflow_runs: Vec<Run>,
}

#[derive(Deserialize)]
struct JobsAnswer {
    #[serde(default, deserialize_with = "list")]
    jobs: Vec<Job>,
}

/// The latest run in an answer to [`runs_url`], if the workflow has run.
pub fn parse_latest_run(body: &str) -> Result<Option<Run>, CheckError> {
    let answer: RunsAnswer = parse("the workflow's runs", body)?;
    Ok(answer.workflow_runs.into_iter().next().map(Capped::cap))
}

/// The jobs in an answer to [`jobs_url`], at most [`MAX_JOBS`].
pub fn parse_jobs(body: &str) -> Result<Vec<Job>, CheckError> {
    let answer: JobsAnswer = parse("the run's jobs", body)?;
    Ok(answer.jobs.into_iter().take(MAX_JOBS).map(Capped::cap).collect())
}

/// The annotations in an answer to [`annotations_url`], at most [`MAX_ANNOTATIONS`].
pub fn parse_annotations(body: &str) -> Result<Vec<Annotation>, CheckError> {
    let list: Vec<Annotation> = parse("the job's annotations", body)?;
    Ok(list.into_iter().take(MAX_ANNOTATIONS).map(Capped::cap).collect())
}

#[cfg(test)]
#[path = "runs_tests.rs"]
mod tests;
