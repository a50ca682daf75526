//! GitHub Actions' runs, jobs and annotations, as the public REST API returns them: the URLs,
//! and the answers read leniently (a missing, null or odd member is empty) and within caps (body
//! size, list lengths, text lengths), since they come from the network and from the fork.
//! The answers are read as serde_json `Value`s, members named one by one (as
//! `setup::sub_claim` does): derived readers for these four shapes cost the site 5 KB
//! (brotli) more, measured on 2026-12-06 (322.8 KB against 317.7 KB, the guard being 320 KB).

use serde_json::Value;

use super::ReadError;
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
    format!(
        "{}/actions/workflows/{}/runs?per_page=1",
        super::repo_url(base, fork),
        crate::core::percent::percent_encode(file)
    )
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Run {
    /// The run's id.
    pub id: u64,
    /// The workflow's name.
    pub name: String,
    /// queued, in_progress, completed...
    pub status: String,
    /// success, failure... (empty until it ends).
    pub conclusion: String,
    /// The run's page, as GitHub gave it (see [`links::github_page`]).
    pub html_url: String,
    /// The branch it ran on.
    pub head_branch: String,
    /// What started it (workflow_dispatch, push...).
    pub event: String,
    /// When it was created, ISO 8601.
    pub created_at: String,
    /// The attempt, from 1.
    pub run_attempt: u64,
    /// The run's number in the workflow.
    pub run_number: u64,
}

/// One job of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Job {
    /// The job's id (also its check run's).
    pub id: u64,
    /// The job's name.
    pub name: String,
    /// queued, in_progress, completed...
    pub status: String,
    /// success, failure... (empty until it ends).
    pub conclusion: String,
    /// The job's page, as GitHub gave it.
    pub html_url: String,
    /// Its steps, in order.
    pub steps: Vec<Step>,
    /// Its annotations, once read (only a failed job's are).
    pub annotations: Option<Vec<Annotation>>,
}

/// One step of a job.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Step {
    /// The step's name, as the workflow gives it (untrusted text).
    pub name: String,
    /// queued, in_progress, completed...
    pub status: String,
    /// success, failure, skipped... (empty until it ends).
    pub conclusion: String,
    /// Its position in the job, from 1.
    pub number: u64,
}

/// One annotation of a job: an error or warning line a step wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotation {
    /// The text (untrusted).
    pub message: String,
    /// failure, warning or notice.
    pub annotation_level: String,
    /// A title, when the step gave one.
    pub title: String,
    /// The file it points at (`.github` for a workflow's own).
    pub path: String,
    /// The line it points at.
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

    /// What it is, in a sentence: "Run 12 on main, started by hand (workflow_dispatch) on
    /// 2026-12-06 at 01:40 UTC". GitHub's own words stand where they are not the usual ones.
    pub fn summary(&self) -> String {
        let branch = if self.head_branch.is_empty() { "an unnamed branch" } else { &self.head_branch };
        format!("Run {} on {branch}, {} {}", self.run_number, started_by(&self.event), when(&self.created_at))
    }
}

/// How a run started, from its event: the common ones in words, GitHub's name beside them.
fn started_by(event: &str) -> String {
    match event {
        "" => "started by an unnamed event".to_string(),
        "workflow_dispatch" => "started by hand (workflow_dispatch)".to_string(),
        "push" => "started by a push".to_string(),
        "pull_request" | "pull_request_target" => format!("started by a pull request ({event})"),
        "schedule" => "started on its schedule".to_string(),
        "release" => "started by a release".to_string(),
        "workflow_call" => "called by another workflow".to_string(),
        other => format!("started by the event {other}"),
    }
}

/// When, from GitHub's `2026-12-06T01:40:12Z`: "on 2026-12-06 at 01:40 UTC". Anything else is
/// quoted as GitHub gave it.
fn when(created_at: &str) -> String {
    // GitHub's form, '0' standing for any digit: all ASCII, so the slices below are safe.
    const SHAPE: &[u8; 20] = b"0000-00-00T00:00:00Z";
    let b = created_at.as_bytes();
    let iso = b.len() == SHAPE.len()
        && b.iter().zip(SHAPE).all(|(c, s)| if *s == b'0' { c.is_ascii_digit() } else { c == s });
    match created_at {
        "" => "at an unknown time".to_string(),
        _ if iso => format!("on {} at {} UTC", &created_at[..10], &created_at[11..16]),
        other => format!("at {other}"),
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

/// The string member `key`, cut to `max` characters; empty when missing or not a string.
fn text(value: &Value, key: &str, max: usize) -> String {
    cut(value.get(key).and_then(Value::as_str).unwrap_or_default(), max)
}

/// The number member `key`; 0 when missing or not a whole number.
fn number(value: &Value, key: &str) -> u64 {
    value.get(key).and_then(Value::as_u64).unwrap_or_default()
}

/// The first `max` items of the list member `key`; none when missing or not a list.
fn items<'a>(value: &'a Value, key: &str, max: usize) -> impl Iterator<Item = &'a Value> {
    value.get(key).and_then(Value::as_array).into_iter().flatten().take(max)
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

impl Run {
    fn read(value: &Value) -> Run {
        Run {
            id: number(value, "id"),
            name: text(value, "name", MAX_NAME_CHARS),
            status: text(value, "status", MAX_NAME_CHARS),
            conclusion: text(value, "conclusion", MAX_NAME_CHARS),
            html_url: text(value, "html_url", MAX_MESSAGE_CHARS),
            head_branch: text(value, "head_branch", MAX_NAME_CHARS),
            event: text(value, "event", MAX_NAME_CHARS),
            created_at: text(value, "created_at", MAX_NAME_CHARS),
            run_attempt: number(value, "run_attempt"),
            run_number: number(value, "run_number"),
        }
    }
}

impl Job {
    fn read(value: &Value) -> Job {
        Job {
            id: number(value, "id"),
            name: text(value, "name", MAX_NAME_CHARS),
            status: text(value, "status", MAX_NAME_CHARS),
            conclusion: text(value, "conclusion", MAX_NAME_CHARS),
            html_url: text(value, "html_url", MAX_MESSAGE_CHARS),
            steps: items(value, "steps", MAX_STEPS).map(Step::read).collect(),
            annotations: None,
        }
    }
}

impl Step {
    fn read(value: &Value) -> Step {
        Step {
            name: text(value, "name", MAX_NAME_CHARS),
            status: text(value, "status", MAX_NAME_CHARS),
            conclusion: text(value, "conclusion", MAX_NAME_CHARS),
            number: number(value, "number"),
        }
    }
}

impl Annotation {
    fn read(value: &Value) -> Annotation {
        Annotation {
            message: text(value, "message", MAX_MESSAGE_CHARS),
            annotation_level: text(value, "annotation_level", MAX_NAME_CHARS),
            title: text(value, "title", MAX_NAME_CHARS),
            path: text(value, "path", MAX_NAME_CHARS),
            start_line: number(value, "start_line"),
        }
    }
}

/// The JSON of an answer of at most [`MAX_BODY_BYTES`]; `what` names it in the error.
fn parse(what: &str, body: &str) -> Result<Value, ReadError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(ReadError::BadBody(format!(
            "{what}: {} KB, more than the {} KB read",
            body.len() / 1024,
            MAX_BODY_BYTES / 1024
        )));
    }
    serde_json::from_str(body).map_err(|e| ReadError::BadBody(format!("{what}: {e}")))
}

/// An answer that must be an object.
fn object(what: &str, body: &str) -> Result<Value, ReadError> {
    let value = parse(what, body)?;
    match value.is_object() {
        true => Ok(value),
        false => Err(ReadError::BadBody(format!("{what}: expected an object"))),
    }
}

/// The latest run in an answer to [`runs_url`], if the workflow has run.
pub fn parse_latest_run(body: &str) -> Result<Option<Run>, ReadError> {
    let answer = object("the workflow's runs", body)?;
    let latest = items(&answer, "workflow_runs", 1).map(Run::read).next();
    Ok(latest)
}

/// The jobs in an answer to [`jobs_url`], at most [`MAX_JOBS`].
pub fn parse_jobs(body: &str) -> Result<Vec<Job>, ReadError> {
    let answer = object("the run's jobs", body)?;
    Ok(items(&answer, "jobs", MAX_JOBS).map(Job::read).collect())
}

/// The annotations in an answer to [`annotations_url`], at most [`MAX_ANNOTATIONS`].
pub fn parse_annotations(body: &str) -> Result<Vec<Annotation>, ReadError> {
    let what = "the job's annotations";
    match parse(what, body)? {
        Value::Array(list) => Ok(list.iter().take(MAX_ANNOTATIONS).map(Annotation::read).collect()),
        _ => Err(ReadError::BadBody(format!("{what}: expected a list"))),
    }
}

#[cfg(test)]
#[path = "runs_tests.rs"]
mod tests;
