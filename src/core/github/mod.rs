//! The optional reading of the fork from GitHub: what `GET /repos/OWNER/REPO` says about the fork, read into
//! plain values. The request itself is made by the front end.

use serde::{Deserialize, Serialize};

pub mod contents;
pub mod outcome;
pub mod runs;
pub mod watch;

use crate::core::setup::values::{Fork, GitHubIds};

/// The public API's base URL.
pub const API_BASE: &str = "https://api.github.com";
/// The repository every fork comes from.
pub const UPSTREAM: &str = "dev7a/ocelot";

/// The URL of the repository endpoint for `fork` under `base`.
pub fn repo_url(base: &str, fork: &Fork) -> String {
    format!("{}/repos/{}/{}", base.trim_end_matches('/'), fork.owner, fork.repo)
}

/// What GitHub says about the fork.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepoFacts {
    /// The name as GitHub spells it (case corrected).
    pub fork: Fork,
    /// The numeric ids.
    pub ids: GitHubIds,
    /// Whether the repository is a fork whose parent or source is dev7a/ocelot.
    pub lineage: Lineage,
    /// The default branch, offered for a branch scope.
    pub default_branch: Option<String>,
}

/// How the repository relates to dev7a/ocelot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lineage {
    /// It is dev7a/ocelot itself.
    Upstream,
    /// A fork of dev7a/ocelot (directly or through another fork).
    ForkOfOcelot,
    /// A fork of something else.
    ForkOfOther(String),
    /// Not a fork.
    NotAFork,
}

impl Lineage {
    /// What the lineage means for the setup, in a sentence.
    pub fn describe(&self) -> String {
        match self {
            Lineage::ForkOfOcelot => format!("It is a fork of {UPSTREAM}."),
            Lineage::Upstream => {
                format!("This is {UPSTREAM} itself, not a fork: the template will trust the upstream repository.")
            }
            Lineage::ForkOfOther(source) => {
                format!("It is a fork of {source}, not of {UPSTREAM}: check that this is the right repository.")
            }
            Lineage::NotAFork => format!("It is not a fork of {UPSTREAM}: check that this is the right repository."),
        }
    }
}

impl RepoFacts {
    /// A note when `typed` names the same repository in another case: the trust policy compares
    /// case, so the setup now uses GitHub's spelling.
    pub fn spelling_note(&self, typed: &str) -> Option<String> {
        let (typed, spelled) = (Fork::parse(typed).ok()?.to_string(), self.fork.to_string());
        (typed != spelled && typed.eq_ignore_ascii_case(&spelled))
            .then(|| format!("GitHub spells it {spelled}; the name now matches, as the trust policy compares case."))
    }
}

/// Why the reading gave no facts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// 404: no such public repository.
    #[error("GitHub has no public repository {0}; check the spelling, or fork dev7a/ocelot first (private repositories are not visible without signing in: type the ids by hand)")]
    NotFound(String),
    /// 403/429 with the rate limit spent.
    #[error("GitHub's rate limit for unauthenticated requests is spent{}; try again then, or type the ids by hand", .0.as_ref().map(|t| format!(" until {t}")).unwrap_or_default())]
    RateLimited(Option<String>),
    /// Another status.
    #[error("GitHub answered with status {0}; try again later, or type the ids by hand")]
    Status(u16),
    /// The body was not what the API returns.
    #[error("GitHub's answer could not be read ({0}); type the ids by hand")]
    BadBody(String),
    /// No answer at all.
    #[error("GitHub could not be reached ({0}); you may be offline. The wizard works without it: type the ids by hand or leave them empty")]
    Unreachable(String),
}

/// Reads a response: `status`, the `x-ratelimit-remaining` and `x-ratelimit-reset` headers
/// (reset as seconds since the epoch), and the body. `format_time` renders the reset time.
pub fn read_response(
    fork: &Fork,
    status: u16,
    remaining: Option<&str>,
    reset: Option<&str>,
    body: &str,
    format_time: impl Fn(u64) -> String,
) -> Result<RepoFacts, ReadError> {
    match status {
        200 => parse_repo(body),
        404 => Err(ReadError::NotFound(fork.to_string())),
        403 | 429 if status == 429 || remaining == Some("0") => {
            Err(ReadError::RateLimited(reset.and_then(|r| r.trim().parse().ok()).map(format_time)))
        }
        other => Err(ReadError::Status(other)),
    }
}

/// The members of GitHub's repository answer that the reading uses.
#[derive(Deserialize)]
struct RepoAnswer {
    id: u64,
    full_name: String,
    owner: OwnerAnswer,
    #[serde(default)]
    fork: Option<bool>,
    #[serde(default)]
    default_branch: Option<String>,
    #[serde(default)]
    parent: Option<NamedAnswer>,
    #[serde(default)]
    source: Option<NamedAnswer>,
}

#[derive(Deserialize)]
struct OwnerAnswer {
    id: u64,
}

#[derive(Deserialize)]
struct NamedAnswer {
    full_name: String,
}

fn parse_repo(body: &str) -> Result<RepoFacts, ReadError> {
    let repo: RepoAnswer = serde_json::from_str(body).map_err(|e| ReadError::BadBody(e.to_string()))?;
    let fork = Fork::parse(&repo.full_name).map_err(ReadError::BadBody)?;
    let ids = GitHubIds { owner_id: repo.owner.id, repo_id: repo.id };
    let is_upstream =
        |named: &Option<NamedAnswer>| named.as_ref().is_some_and(|n| n.full_name.eq_ignore_ascii_case(UPSTREAM));
    let lineage = if repo.full_name.eq_ignore_ascii_case(UPSTREAM) {
        Lineage::Upstream
    } else if !repo.fork.unwrap_or(false) {
        Lineage::NotAFork
    } else if is_upstream(&repo.parent) || is_upstream(&repo.source) {
        Lineage::ForkOfOcelot
    } else {
        Lineage::ForkOfOther(
            repo.source.or(repo.parent).map_or_else(|| "another repository".to_string(), |n| n.full_name),
        )
    };
    Ok(RepoFacts { fork, ids, lineage, default_branch: repo.default_branch })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fork() -> Fork {
        Fork::parse("octocat/ocelot").unwrap()
    }

    #[test]
    fn a_spelling_note_only_for_the_same_name_in_another_case() {
        let facts = RepoFacts {
            fork: Fork::parse("OctoCat/Ocelot").unwrap(),
            ids: GitHubIds { owner_id: 7, repo_id: 42 },
            lineage: Lineage::ForkOfOcelot,
            default_branch: None,
        };
        assert!(facts.spelling_note("octocat/ocelot").unwrap().contains("GitHub spells it OctoCat/Ocelot"));
        assert!(facts.spelling_note("https://github.com/octocat/ocelot").is_some());
        assert_eq!(facts.spelling_note("OctoCat/Ocelot"), None);
        assert_eq!(facts.spelling_note("https://github.com/OctoCat/Ocelot"), None);
        assert_eq!(facts.spelling_note("octocat/other"), None);
    }

    #[test]
    fn reads_a_fork_of_ocelot() {
        let body = r#"{"id": 42, "full_name": "OctoCat/Ocelot", "owner": {"id": 7, "login": "OctoCat"}, "fork": true,
            "default_branch": "main", "parent": {"full_name": "dev7a/ocelot"}, "source": {"full_name": "dev7a/ocelot"}}"#;
        let facts = read_response(&fork(), 200, Some("59"), None, body, |t| t.to_string()).unwrap();
        assert_eq!(facts.fork.to_string(), "OctoCat/Ocelot");
        assert_eq!(facts.ids, GitHubIds { owner_id: 7, repo_id: 42 });
        assert_eq!(facts.lineage, Lineage::ForkOfOcelot);
        assert_eq!(facts.default_branch.as_deref(), Some("main"));
    }

    #[test]
    fn tells_other_lineages() {
        let not_fork = r#"{"id": 1, "full_name": "octocat/ocelot", "owner": {"id": 2}, "fork": false}"#;
        assert_eq!(
            read_response(&fork(), 200, None, None, not_fork, |t| t.to_string()).unwrap().lineage,
            Lineage::NotAFork
        );
        let other = r#"{"id": 1, "full_name": "octocat/ocelot", "owner": {"id": 2}, "fork": true, "source": {"full_name": "x/y"}}"#;
        assert_eq!(
            read_response(&fork(), 200, None, None, other, |t| t.to_string()).unwrap().lineage,
            Lineage::ForkOfOther("x/y".into())
        );
    }

    #[test]
    fn explains_failures() {
        let f = fork();
        assert!(matches!(read_response(&f, 404, None, None, "", |t| t.to_string()), Err(ReadError::NotFound(_))));
        let limited = read_response(&f, 403, Some("0"), Some("1700000000"), "", |t| format!("t{t}")).unwrap_err();
        assert_eq!(limited, ReadError::RateLimited(Some("t1700000000".into())));
        assert!(limited.to_string().contains("until t1700000000"));
        assert!(matches!(read_response(&f, 429, None, None, "", |t| t.to_string()), Err(ReadError::RateLimited(None))));
        assert_eq!(read_response(&f, 403, Some("10"), None, "", |t| t.to_string()), Err(ReadError::Status(403)));
        assert!(matches!(read_response(&f, 200, None, None, "<html>", |t| t.to_string()), Err(ReadError::BadBody(_))));
    }

    #[test]
    fn says_what_is_wrong_with_an_odd_body() {
        let f = fork();
        let bad = |body: &str| match read_response(&f, 200, None, None, body, |t| t.to_string()) {
            Err(ReadError::BadBody(message)) => message,
            other => panic!("{body}: {other:?}"),
        };
        assert!(bad("<html>").contains("expected value at line 1 column 1"), "{}", bad("<html>"));
        assert!(bad("[]").contains("expected struct RepoAnswer"), "{}", bad("[]"));
        assert!(bad(r#"{"id": 1, "owner": {"id": 2}}"#).contains("missing field `full_name`"));
        let string_id = bad(r#"{"id": "1", "full_name": "a/b", "owner": {"id": 2}}"#);
        assert!(string_id.contains("invalid type: string \"1\", expected u64"), "{string_id}");
        let negative = bad(r#"{"id": 1, "full_name": "a/b", "owner": {"id": -2}}"#);
        assert!(negative.contains("invalid value: integer `-2`, expected u64"), "{negative}");
        let fork = bad(r#"{"id": 1, "full_name": "a/b", "owner": {"id": 2}, "fork": "yes"}"#);
        assert!(fork.contains("expected a boolean"), "{fork}");
        let parent = bad(r#"{"id": 1, "full_name": "a/b", "owner": {"id": 2}, "fork": true, "parent": {}}"#);
        assert!(parent.contains("missing field `full_name`"), "{parent}");
    }

    #[test]
    fn null_and_missing_optional_members_are_absent() {
        let body = r#"{"id": 1, "full_name": "a/b", "owner": {"id": 2}, "fork": null, "default_branch": null, "parent": null}"#;
        let facts = read_response(&fork(), 200, None, None, body, |t| t.to_string()).unwrap();
        assert_eq!(facts.lineage, Lineage::NotAFork);
        assert_eq!(facts.default_branch, None);
    }
}
