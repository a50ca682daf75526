//! Reading a fork's workflows through GitHub's public contents API, as a pure state machine:
//! [`Reader`] says which request comes next and reads each answer; the front end only performs
//! the requests. The order: the repository, the workflow folder of its default branch, each
//! workflow file (raw), then the table script (a 404 there is normal).

use crate::core::text::counted;
use serde::Deserialize;

use super::{read_response, ReadError, RepoFacts};
use crate::core::percent::percent_encode;
use crate::core::setup::values::Fork;
use crate::core::workflows::findings::UPSTREAM_REVISION;
use crate::core::workflows::read::{is_workflow, MAX_FILES, MAX_FILE_BYTES, TABLE_SCRIPT};
use crate::core::workflows::{Notice, SourceFile};

/// The folder the workflows live in.
pub use crate::core::links::WORKFLOWS_DIR as WORKFLOWS;

/// The URL of `path` in `fork`'s contents at `git_ref` (the default branch when `None`).
/// Each path segment is percent-encoded; the `/` between them is kept.
pub fn contents_url(base: &str, fork: &Fork, path: &str, git_ref: Option<&str>) -> String {
    let path = path.split('/').filter(|s| !s.is_empty()).map(percent_encode).collect::<Vec<_>>().join("/");
    let query = git_ref.map(|r| format!("?ref={}", percent_encode(r))).unwrap_or_default();
    format!("{}/contents/{path}{query}", super::repo_url(base, fork))
}

/// One entry of a folder listing, as GitHub returns it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Entry {
    /// The file name.
    pub name: String,
    /// The path in the repository.
    pub path: String,
    /// `file`, `dir`, `symlink` or `submodule`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The size in bytes.
    #[serde(default)]
    pub size: u64,
}

/// Reads a folder listing: a JSON array of entries.
pub fn parse_listing(body: &str) -> Result<Vec<Entry>, ReadError> {
    serde_json::from_str(body).map_err(|e| ReadError::BadBody(format!("the workflow folder's listing: {e}")))
}

/// Which workflow files of a listing to fetch, and notes on those skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// The paths to fetch, in listing order.
    pub fetch: Vec<String>,
    /// Files left out, and why.
    pub notices: Vec<Notice>,
}

/// Plans the reading of a listing: workflow files only, none over [`MAX_FILE_BYTES`] (by the
/// listed size, before fetching), and none at all over [`MAX_FILES`] workflow files.
pub fn plan(entries: &[Entry]) -> Plan {
    let workflows: Vec<&Entry> = entries.iter().filter(|e| e.kind == "file" && is_workflow(&e.name)).collect();
    let mut out = Plan::default();
    if workflows.len() > MAX_FILES {
        out.notices.push(Notice {
            path: WORKFLOWS.into(),
            text: format!(
                "{} workflow files, more than the {MAX_FILES} read; none was read, so nothing was followed from the workflows",
                workflows.len()
            ),
        });
        return out;
    }
    for entry in workflows {
        if entry.size > MAX_FILE_BYTES as u64 {
            out.notices.push(Notice {
                path: entry.path.clone(),
                text: format!(
                    "{} bytes, more than the {MAX_FILE_BYTES} read; not fetched (a workflow is a few KB)",
                    entry.size
                ),
            });
        } else {
            out.fetch.push(entry.path.clone());
        }
    }
    out
}

/// A request the front end should make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The URL.
    pub url: String,
    /// Whether to ask for the raw file (`Accept: application/vnd.github.raw`) rather than JSON.
    pub raw: bool,
}

/// The media type of JSON answers.
pub const ACCEPT_JSON: &str = "application/vnd.github+json";
/// The media type of raw file answers.
pub const ACCEPT_RAW: &str = "application/vnd.github.raw";

impl Request {
    /// The `Accept` header to send.
    pub fn accept(&self) -> &'static str {
        if self.raw {
            ACCEPT_RAW
        } else {
            ACCEPT_JSON
        }
    }
}

/// An answer: status, the rate-limit headers and the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// `x-ratelimit-remaining`.
    pub remaining: Option<String>,
    /// `x-ratelimit-reset`, seconds since the epoch.
    pub reset: Option<String>,
    /// The body.
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    Repo,
    Folder,
    Files(usize),
    Script,
    Done,
}

/// How the workflow folder turned out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Folder {
    /// Not asked (yet).
    NotRead,
    /// Listed: how many workflow files it holds and how many are fetched.
    Listed {
        /// Workflow files listed.
        workflows: usize,
        /// Of those, the ones to fetch.
        planned: usize,
    },
    /// No `.github/workflows` on the branch.
    Missing,
}

/// The reading of a fork, one answer at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reader {
    base: String,
    fork: Fork,
    phase: Phase,
    planned: Vec<String>,
    /// The repository, once GitHub has answered.
    pub facts: Option<RepoFacts>,
    /// The workflow folder.
    pub folder: Folder,
    /// The files read, for [`crate::core::workflows::inspect`].
    pub files: Vec<SourceFile>,
    /// Files skipped or missing, and why.
    pub notices: Vec<Notice>,
    /// Requests made so far.
    pub requests: usize,
    /// What GitHub's last answer said is left of the hourly rate limit.
    pub remaining: Option<u32>,
    /// Why the reading stopped early, if it did.
    pub stopped: Option<ReadError>,
}

impl Reader {
    /// A reading of `fork` from the API at `base`.
    pub fn new(base: &str, fork: Fork) -> Reader {
        Reader {
            base: base.to_string(),
            fork,
            phase: Phase::Repo,
            planned: Vec::new(),
            facts: None,
            folder: Folder::NotRead,
            files: Vec::new(),
            notices: Vec::new(),
            requests: 0,
            remaining: None,
            stopped: None,
        }
    }

    /// The branch the files are read from: the default branch, when GitHub named it.
    pub fn git_ref(&self) -> Option<&str> {
        self.facts.as_ref().and_then(|f| f.default_branch.as_deref())
    }

    fn url(&self, path: &str) -> String {
        let fork = self.facts.as_ref().map_or(&self.fork, |f| &f.fork);
        contents_url(&self.base, fork, path, self.git_ref())
    }

    /// The next request to make, or `None` when the reading is over.
    pub fn next_request(&self) -> Option<Request> {
        match self.phase {
            Phase::Repo => Some(Request { url: super::repo_url(&self.base, &self.fork), raw: false }),
            Phase::Folder => Some(Request { url: self.url(WORKFLOWS), raw: false }),
            Phase::Files(i) => Some(Request { url: self.url(&self.planned[i]), raw: true }),
            Phase::Script => Some(Request { url: self.url(TABLE_SCRIPT), raw: true }),
            Phase::Done => None,
        }
    }

    /// Reads the answer to the request [`Reader::next_request`] gave. `format_time` renders a
    /// rate-limit reset time.
    pub fn answer(&mut self, answer: &Answer, format_time: impl Fn(u64) -> String) {
        self.requests += 1;
        if let Some(left) = answer.remaining.as_deref().and_then(|r| r.trim().parse().ok()) {
            self.remaining = Some(left);
        }
        let limited = answer.status == 429 || (answer.status == 403 && answer.remaining.as_deref() == Some("0"));
        if limited && self.phase != Phase::Repo {
            let reset = answer.reset.as_deref().and_then(|r| r.trim().parse().ok()).map(format_time);
            return self.stop(ReadError::RateLimited(reset));
        }
        match self.phase.clone() {
            Phase::Repo => {
                match read_response(
                    &self.fork,
                    answer.status,
                    answer.remaining.as_deref(),
                    answer.reset.as_deref(),
                    &answer.body,
                    format_time,
                ) {
                    Ok(facts) => {
                        self.facts = Some(facts);
                        self.phase = Phase::Folder;
                    }
                    Err(error) => self.stop(error),
                }
            }
            Phase::Folder => self.folder(answer),
            Phase::Files(i) => {
                let path = self.planned[i].clone();
                match answer.status {
                    200 => self.files.push(SourceFile::new(path, answer.body.as_bytes())),
                    404 => self.note(path, "listed, but gone when fetched; not read".into()),
                    status => self.note(path, format!("GitHub answered with status {status}; not read")),
                }
                self.phase = if i + 1 < self.planned.len() { Phase::Files(i + 1) } else { Phase::Script };
            }
            Phase::Script => {
                match answer.status {
                    200 => self.files.push(SourceFile::new(TABLE_SCRIPT, answer.body.as_bytes())),
                    404 => self.note(
                        TABLE_SCRIPT.into(),
                        format!("not in the fork; the table name is assumed from {UPSTREAM_REVISION}"),
                    ),
                    status => self.note(
                        TABLE_SCRIPT.into(),
                        format!(
                            "GitHub answered with status {status}; the table name is assumed from {UPSTREAM_REVISION}"
                        ),
                    ),
                }
                self.phase = Phase::Done;
            }
            Phase::Done => {}
        }
    }

    fn folder(&mut self, answer: &Answer) {
        match answer.status {
            200 => match parse_listing(&answer.body) {
                Ok(entries) => {
                    let plan = plan(&entries);
                    let workflows = entries.iter().filter(|e| e.kind == "file" && is_workflow(&e.name)).count();
                    self.folder = Folder::Listed { workflows, planned: plan.fetch.len() };
                    self.notices.extend(plan.notices);
                    self.planned = plan.fetch;
                    self.phase = if self.planned.is_empty() { Phase::Done } else { Phase::Files(0) };
                }
                Err(error) => self.stop(error),
            },
            404 => {
                self.folder = Folder::Missing;
                self.phase = Phase::Done;
            }
            status => self.stop(ReadError::Status(status)),
        }
    }

    /// Records that the request [`Reader::next_request`] gave got no answer (`message` says
    /// why), and stops: it still counts as a request.
    pub fn no_answer(&mut self, message: &str) {
        self.requests += 1;
        self.unreachable(message);
    }

    /// Stops before the next request: GitHub cannot be reached (`message` says why).
    pub fn unreachable(&mut self, message: &str) {
        self.stop(ReadError::Unreachable(message.to_string()));
    }

    fn stop(&mut self, error: ReadError) {
        self.stopped = Some(error);
        self.phase = Phase::Done;
    }

    fn note(&mut self, path: String, text: String) {
        self.notices.push(Notice { path, text });
    }

    /// The workflow files read (the table script not counted).
    pub fn workflows_read(&self) -> usize {
        self.files.iter().filter(|f| is_workflow(&f.path)).count()
    }

    /// What was read, in a sentence: the folder, the files, the requests and the rate limit.
    pub fn summary(&self) -> String {
        let requests = counted(self.requests, "request", "requests");
        let left = self.remaining.map(|n| format!(", {n} left this hour")).unwrap_or_default();
        let read = match (&self.folder, self.git_ref()) {
            (Folder::NotRead, _) => "The workflows were not read".to_string(),
            (Folder::Missing, branch) => format!(
                "No {WORKFLOWS} folder on {}: nothing to follow, the setup keeps its names",
                branch.unwrap_or("the default branch")
            ),
            (Folder::Listed { workflows, .. }, branch) => format!(
                "Read {} of {} on {}",
                self.workflows_read(),
                counted(*workflows, "workflow file", "workflow files"),
                branch.unwrap_or("the default branch")
            ),
        };
        format!("{read} ({requests} to the GitHub API{left}).")
    }
}

#[cfg(test)]
#[path = "contents_tests.rs"]
mod tests;
