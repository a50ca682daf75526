//! Watching the fork's latest runs through GitHub's public API, as a pure state machine in the
//! manner of [`super::contents::Reader`]: [`Watcher::poll`] says which request comes next, or
//! how long to wait, and [`Watcher::answer`] reads each answer. The time is passed in (no clock
//! here), so a test can run fifteen minutes of watching in no time.
//!
//! The first round reads the repository (a 404 means private or missing), then for each
//! workflow its latest run, the run's jobs and steps, and the annotations of each failed job.
//! While a run is queued or running, later rounds ask again for that workflow's run and jobs,
//! at most one request per [`POLL_INTERVAL_MS`], slower when the budget would not last (it is
//! spread over the time left). The watching stops when every run has ended, after
//! [`WATCH_LIMIT_MS`], or when GitHub says no more than [`RESERVE`] requests are left this hour;
//! it never makes more than [`MAX_REQUESTS`].

use crate::core::text::counted;
use std::collections::VecDeque;

use super::contents::{Answer, Request};
use super::runs::{self, Job, Progress, Run};
use super::ReadError;
use crate::core::checks::check_workflow;
use crate::core::setup::values::Fork;

/// The least time between two requests while a run is going.
pub const POLL_INTERVAL_MS: u64 = 15_000;
/// How long a watch lasts at most.
pub const WATCH_LIMIT_MS: u64 = 15 * 60 * 1000;
/// GitHub's hourly limit for requests without signing in.
pub const HOURLY_LIMIT: u32 = 60;
/// The requests left to the page (the fork check, another watch): the watch stops when GitHub
/// says no more than this many are left.
pub const RESERVE: u32 = 5;
/// The most requests one watch makes, even when GitHub's answers carry no rate-limit headers.
pub const MAX_REQUESTS: usize = (HOURLY_LIMIT - RESERVE) as usize;
/// The most failed jobs of one run whose annotations are read.
pub const MAX_FAILED_JOBS: usize = 3;

/// Which workflow is watched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkflowRole {
    /// The workflow that publishes a layer.
    Publish,
    /// `ocelot-setup check-workflow`'s workflow.
    Check,
}

/// What is known of one watched workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watched {
    /// Which workflow.
    pub role: WorkflowRole,
    /// Its file name in `.github/workflows/`.
    pub file: String,
    /// What GitHub said of it.
    pub state: WorkflowState,
    /// Its latest run, once read.
    pub run: Option<Run>,
    /// The run's jobs, with their steps (and a failed job's annotations).
    pub jobs: Vec<Job>,
}

/// What GitHub said of a workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkflowState {
    /// Not asked yet.
    NotRead,
    /// No such workflow file in the fork (404).
    NoFile,
    /// The workflow has never run.
    NoRuns,
    /// Its latest run is read.
    Read,
}

impl Watched {
    /// Whether its run is queued or running: worth asking again.
    pub fn is_going(&self) -> bool {
        self.run.as_ref().is_some_and(|r| r.progress().is_going())
    }

    /// What it is, in a few words.
    pub fn title(&self) -> String {
        match self.role {
            WorkflowRole::Publish => format!("The publish workflow ({})", self.file),
            WorkflowRole::Check => format!("The check workflow ({})", self.file),
        }
    }
}

/// Why the watching stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchEnd {
    /// Every run read has ended, or none was going.
    Ended,
    /// [`WATCH_LIMIT_MS`] passed with a run still going.
    TimeUp,
    /// GitHub said only [`RESERVE`] requests or fewer are left this hour (reset time rendered).
    Reserve(Option<String>),
    /// The person stopped it.
    Stopped,
    /// GitHub has no public repository of that name: private, or missing.
    Private,
    /// A rate limit, a network failure, an odd status or body.
    Failed(ReadError),
}

impl WatchEnd {
    /// What it means, in a sentence.
    pub fn describe(&self) -> String {
        match self {
            WatchEnd::Ended => "Watching ended: no run is queued or running.".into(),
            WatchEnd::TimeUp => format!(
                "Watching stopped after {} minutes with a run still going; watch again to read it.",
                WATCH_LIMIT_MS / 60_000
            ),
            WatchEnd::Reserve(reset) => format!(
                "Watching stopped to keep the last {RESERVE} requests of GitHub's hourly limit for the rest of this page{}.",
                reset.as_ref().map(|t| format!(" (the limit resets at {t})")).unwrap_or_default()
            ),
            WatchEnd::Stopped => "Watching stopped.".into(),
            WatchEnd::Private => "GitHub shows no public repository of this name: a private repository answers 404 to a reader who is not signed in. Read the run with the GitHub CLI instead (below).".into(),
            WatchEnd::Failed(error) => format!("Watching stopped: {error}"),
        }
    }
}

/// What to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Make this request, then hand the answer to [`Watcher::answer`].
    Ask(Request),
    /// Ask [`Watcher::poll`] again at this time (ms).
    WaitUntil(u64),
    /// The watching is over; [`Watcher::end`] says why.
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    Repo,
    Runs(usize),
    Jobs(usize),
    Annotations(usize, u64),
}

/// The watching of a fork's latest runs, one answer at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watcher {
    base: String,
    fork: Fork,
    interval_ms: u64,
    started_at: u64,
    pending: VecDeque<Pending>,
    /// When the request in flight (or the last one) was asked, and whether rounds are polling.
    last_asked: Option<u64>,
    polling: bool,
    /// The workflows watched: the publish workflow, then the check workflow.
    pub workflows: Vec<Watched>,
    /// Requests made so far.
    pub requests: usize,
    /// What GitHub's last answer said is left of the hourly limit.
    pub remaining: Option<u32>,
    /// Why the watching stopped, once it has.
    pub end: Option<WatchEnd>,
}

impl Watcher {
    /// A watch of `fork`'s publish workflow `publish_file` and of the check workflow through
    /// the API at `base`, starting at `now` (ms).
    pub fn new(base: &str, fork: Fork, publish_file: &str, now: u64) -> Watcher {
        let watched = |role, file: &str| Watched {
            role,
            file: file.to_string(),
            state: WorkflowState::NotRead,
            run: None,
            jobs: Vec::new(),
        };
        Watcher {
            base: base.to_string(),
            fork,
            interval_ms: POLL_INTERVAL_MS,
            started_at: now,
            pending: VecDeque::from([Pending::Repo, Pending::Runs(0), Pending::Runs(1)]),
            last_asked: None,
            polling: false,
            workflows: vec![
                watched(WorkflowRole::Publish, publish_file),
                watched(WorkflowRole::Check, check_workflow::WORKFLOW_FILE),
            ],
            requests: 0,
            remaining: None,
            end: None,
        }
    }

    /// The same watch asking again every `interval_ms` instead of [`POLL_INTERVAL_MS`] (tests
    /// against a local stand-in only; the front end decides when).
    pub fn with_interval(mut self, interval_ms: u64) -> Watcher {
        self.interval_ms = interval_ms;
        self
    }

    /// The time between two requests while a run is going.
    pub fn interval_ms(&self) -> u64 {
        self.interval_ms
    }

    /// The fork watched.
    pub fn fork(&self) -> &Fork {
        &self.fork
    }

    /// What to do at `now` (ms): a request, a wait, or nothing more. Stops the watch when its
    /// time or its budget is spent.
    pub fn poll(&mut self, now: u64) -> Next {
        if self.end.is_some() {
            return Next::Done;
        }
        let Some(&pending) = self.pending.front() else {
            self.end = Some(WatchEnd::Ended);
            return Next::Done;
        };
        let budget = self.budget();
        if budget == 0 {
            return self.stop(WatchEnd::Reserve(None));
        }
        let deadline = self.started_at + self.limit_ms();
        // While polling, the budget left is spread over the time left, never faster than the
        // interval: the watch lasts its whole time without passing the limit.
        let earliest = match (self.polling, self.last_asked) {
            (true, Some(last)) => last + self.interval_ms.max(deadline.saturating_sub(last) / budget as u64),
            _ => now,
        };
        if earliest.max(now) >= deadline {
            return self.stop(WatchEnd::TimeUp);
        }
        if now < earliest {
            return Next::WaitUntil(earliest);
        }
        self.last_asked = Some(now);
        Next::Ask(Request { url: self.url(pending), raw: false })
    }

    /// How long the watch lasts: [`WATCH_LIMIT_MS`], scaled with a test's shorter interval.
    pub fn limit_ms(&self) -> u64 {
        self.interval_ms * (WATCH_LIMIT_MS / POLL_INTERVAL_MS)
    }

    /// The requests this watch may still make: [`MAX_REQUESTS`] in all, and never the last
    /// [`RESERVE`] of the hour.
    pub fn budget(&self) -> usize {
        let own = MAX_REQUESTS.saturating_sub(self.requests);
        self.remaining.map_or(own, |left| own.min(left.saturating_sub(RESERVE) as usize))
    }

    fn url(&self, pending: Pending) -> String {
        match pending {
            Pending::Repo => super::repo_url(&self.base, &self.fork),
            Pending::Runs(i) => runs::runs_url(&self.base, &self.fork, &self.workflows[i].file),
            Pending::Jobs(i) => {
                runs::jobs_url(&self.base, &self.fork, self.workflows[i].run.as_ref().map_or(0, |r| r.id))
            }
            Pending::Annotations(_, job) => runs::annotations_url(&self.base, &self.fork, job),
        }
    }

    /// Stops the watch (the person's stop button).
    pub fn stop_now(&mut self) {
        if self.end.is_none() {
            self.stop(WatchEnd::Stopped);
        }
    }

    fn stop(&mut self, end: WatchEnd) -> Next {
        self.end = Some(end);
        self.pending.clear();
        Next::Done
    }

    /// Reads the answer to the request [`Watcher::poll`] gave. `format_time` renders a
    /// rate-limit reset time.
    pub fn answer(&mut self, answer: &Answer, format_time: impl Fn(u64) -> String) {
        let Some(pending) = self.pending.pop_front() else { return };
        self.requests += 1;
        if let Some(left) = answer.remaining.as_deref().and_then(|r| r.trim().parse().ok()) {
            self.remaining = Some(left);
        }
        let reset = || answer.reset.as_deref().and_then(|r| r.trim().parse().ok()).map(&format_time);
        if answer.status == 429 || (answer.status == 403 && self.remaining == Some(0)) {
            self.stop(WatchEnd::Failed(ReadError::RateLimited(reset())));
            return;
        }
        let read = match (pending, answer.status) {
            (Pending::Repo, 404) => {
                self.stop(WatchEnd::Private);
                return;
            }
            (Pending::Repo, 200) => Ok(()),
            (Pending::Runs(i), 404) => {
                self.workflows[i].state = WorkflowState::NoFile;
                Ok(())
            }
            (Pending::Runs(i), 200) => runs::parse_latest_run(&answer.body).map(|run| self.read_run(i, run)),
            // A run or job deleted meanwhile has nothing more to show.
            (Pending::Jobs(i), 404) => {
                self.workflows[i].jobs.clear();
                Ok(())
            }
            (Pending::Jobs(i), 200) => runs::parse_jobs(&answer.body).map(|jobs| self.read_jobs(i, jobs)),
            (Pending::Annotations(i, job), 404) => {
                self.set_annotations(i, job, Vec::new());
                Ok(())
            }
            (Pending::Annotations(i, job), 200) => {
                runs::parse_annotations(&answer.body).map(|list| self.set_annotations(i, job, list))
            }
            (_, status) => Err(ReadError::Status(status)),
        };
        if let Err(error) = read {
            self.stop(WatchEnd::Failed(error));
            return;
        }
        if self.budget() == 0 && (!self.pending.is_empty() || self.any_going()) {
            self.stop(WatchEnd::Reserve(reset()));
            return;
        }
        if self.pending.is_empty() {
            self.next_round();
        }
    }

    /// Records that the request [`Watcher::poll`] gave got no answer (`message` says why), and
    /// stops: it still counts as a request.
    pub fn no_answer(&mut self, message: &str) {
        self.requests += 1;
        self.unreachable(message);
    }

    /// Stops before the next request: GitHub cannot be reached (`message` says why).
    pub fn unreachable(&mut self, message: &str) {
        self.stop(WatchEnd::Failed(ReadError::Unreachable(message.to_string())));
    }

    fn read_run(&mut self, i: usize, run: Option<Run>) {
        let watched = &mut self.workflows[i];
        match run {
            None => {
                watched.state = WorkflowState::NoRuns;
                watched.run = None;
                watched.jobs.clear();
            }
            Some(run) => {
                watched.state = WorkflowState::Read;
                let same = watched.run.as_ref().is_some_and(|r| r.id == run.id && r.run_attempt == run.run_attempt);
                if !same {
                    watched.jobs.clear();
                }
                watched.run = Some(run);
                self.pending.push_front(Pending::Jobs(i));
            }
        }
    }

    fn read_jobs(&mut self, i: usize, mut jobs: Vec<Job>) {
        let watched = &mut self.workflows[i];
        for job in &mut jobs {
            job.annotations = watched.jobs.iter().find(|j| j.id == job.id).and_then(|j| j.annotations.clone());
        }
        let unread: Vec<u64> = jobs
            .iter()
            .filter(|j| j.progress() == Progress::Failed)
            .take(MAX_FAILED_JOBS)
            .filter(|j| j.annotations.is_none())
            .map(|j| j.id)
            .collect();
        watched.jobs = jobs;
        for job in unread.into_iter().rev() {
            self.pending.push_front(Pending::Annotations(i, job));
        }
    }

    fn set_annotations(&mut self, i: usize, job: u64, list: Vec<runs::Annotation>) {
        if let Some(job) = self.workflows[i].jobs.iter_mut().find(|j| j.id == job) {
            job.annotations = Some(list);
        }
    }

    fn any_going(&self) -> bool {
        self.workflows.iter().any(Watched::is_going)
    }

    /// After a round: ask again for each workflow whose run is going, or end.
    fn next_round(&mut self) {
        self.pending = (0..self.workflows.len()).filter(|i| self.workflows[*i].is_going()).map(Pending::Runs).collect();
        if self.pending.is_empty() {
            self.end = Some(WatchEnd::Ended);
        } else {
            self.polling = true;
        }
    }

    /// The requests made and left, in a sentence.
    pub fn summary(&self) -> String {
        let requests = counted(self.requests, "request", "requests");
        let left = self.remaining.map(|n| format!(", {n} left this hour")).unwrap_or_default();
        format!("{requests} to the GitHub API{left}.")
    }
}

#[cfg(test)]
#[path = "watch_tests.rs"]
mod tests;
