//! The optional GitHub check: what `GET /repos/OWNER/REPO` says about the fork, read into
//! plain values. The request itself is made by the front end.

pub mod json;

use crate::core::setup::values::{Fork, GitHubIds};
use json::Value;

/// The public API's base URL.
pub const API_BASE: &str = "https://api.github.com";
/// The repository every fork comes from.
pub const UPSTREAM: &str = "dev7a/ocelot";

/// The URL of the repository endpoint for `fork` under `base`.
pub fn repo_url(base: &str, fork: &Fork) -> String {
    format!("{}/repos/{}/{}", base.trim_end_matches('/'), fork.owner, fork.repo)
}

/// What GitHub says about the fork.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Why the check gave no facts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
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
) -> Result<RepoFacts, CheckError> {
    match status {
        200 => parse_repo(body),
        404 => Err(CheckError::NotFound(fork.to_string())),
        403 | 429 if status == 429 || remaining == Some("0") => {
            Err(CheckError::RateLimited(reset.and_then(|r| r.trim().parse().ok()).map(format_time)))
        }
        other => Err(CheckError::Status(other)),
    }
}

fn parse_repo(body: &str) -> Result<RepoFacts, CheckError> {
    let repo = json::parse(body).map_err(|e| CheckError::BadBody(e.to_string()))?;
    if !matches!(repo, Value::Object(_)) {
        return Err(CheckError::BadBody(format!("expected an object, found {}", repo.kind())));
    }
    let full_name = required(&repo, "full_name", Value::as_str, "a string")?;
    let fork = Fork::parse(full_name).map_err(CheckError::BadBody)?;
    let ids = GitHubIds {
        owner_id: required(required(&repo, "owner", as_object, "an object")?, "id", Value::as_u64, "a whole number")
            .map_err(|e| in_member("owner", e))?,
        repo_id: required(&repo, "id", Value::as_u64, "a whole number")?,
    };
    let is_fork = optional(&repo, "fork", Value::as_bool, "a boolean")?.unwrap_or(false);
    let name_of = |member: &str| -> Result<Option<String>, CheckError> {
        match optional(&repo, member, as_object, "an object")? {
            Some(named) => required(named, "full_name", Value::as_str, "a string")
                .map(|n| Some(n.to_string()))
                .map_err(|e| in_member(member, e)),
            None => Ok(None),
        }
    };
    let (parent, source) = (name_of("parent")?, name_of("source")?);
    let is_upstream = |name: &Option<String>| name.as_ref().is_some_and(|n| n.eq_ignore_ascii_case(UPSTREAM));
    let lineage = if full_name.eq_ignore_ascii_case(UPSTREAM) {
        Lineage::Upstream
    } else if !is_fork {
        Lineage::NotAFork
    } else if is_upstream(&parent) || is_upstream(&source) {
        Lineage::ForkOfOcelot
    } else {
        Lineage::ForkOfOther(source.or(parent).unwrap_or_else(|| "another repository".to_string()))
    };
    let default_branch = optional(&repo, "default_branch", Value::as_str, "a string")?.map(str::to_string);
    Ok(RepoFacts { fork, ids, lineage, default_branch })
}

/// The member `key` of `object`, read by `read`; missing, or of another kind, is a bad body.
fn required<'a, T>(
    object: &'a Value,
    key: &str,
    read: impl Fn(&'a Value) -> Option<T>,
    kind: &str,
) -> Result<T, CheckError> {
    optional(object, key, read, kind)?.ok_or_else(|| CheckError::BadBody(format!("`{key}` is missing")))
}

/// The member `key` of `object`, read by `read`; missing or `null` is `None`, another kind a
/// bad body.
fn optional<'a, T>(
    object: &'a Value,
    key: &str,
    read: impl Fn(&'a Value) -> Option<T>,
    kind: &str,
) -> Result<Option<T>, CheckError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => match read(value) {
            Some(read) => Ok(Some(read)),
            None => Err(CheckError::BadBody(format!("`{key}` is {}, not {kind}", value.kind()))),
        },
    }
}

fn as_object(value: &Value) -> Option<&Value> {
    matches!(value, Value::Object(_)).then_some(value)
}

fn in_member(member: &str, error: CheckError) -> CheckError {
    match error {
        CheckError::BadBody(message) => CheckError::BadBody(format!("{member}: {message}")),
        other => other,
    }
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
        assert!(matches!(read_response(&f, 404, None, None, "", |t| t.to_string()), Err(CheckError::NotFound(_))));
        let limited = read_response(&f, 403, Some("0"), Some("1700000000"), "", |t| format!("t{t}")).unwrap_err();
        assert_eq!(limited, CheckError::RateLimited(Some("t1700000000".into())));
        assert!(limited.to_string().contains("until t1700000000"));
        assert!(matches!(
            read_response(&f, 429, None, None, "", |t| t.to_string()),
            Err(CheckError::RateLimited(None))
        ));
        assert_eq!(read_response(&f, 403, Some("10"), None, "", |t| t.to_string()), Err(CheckError::Status(403)));
        assert!(matches!(read_response(&f, 200, None, None, "<html>", |t| t.to_string()), Err(CheckError::BadBody(_))));
    }

    #[test]
    fn says_what_is_wrong_with_an_odd_body() {
        let f = fork();
        let bad = |body: &str| match read_response(&f, 200, None, None, body, |t| t.to_string()) {
            Err(CheckError::BadBody(message)) => message,
            other => panic!("{body}: {other:?}"),
        };
        assert_eq!(bad("<html>"), "expected a value at line 1 column 1");
        assert_eq!(bad("[]"), "expected an object, found an array");
        assert_eq!(bad(r#"{"id": 1, "owner": {"id": 2}}"#), "`full_name` is missing");
        assert_eq!(
            bad(r#"{"id": "1", "full_name": "a/b", "owner": {"id": 2}}"#),
            "`id` is a string, not a whole number"
        );
        assert_eq!(
            bad(r#"{"id": 1, "full_name": "a/b", "owner": {"id": -2}}"#),
            "owner: `id` is a number, not a whole number"
        );
        assert_eq!(
            bad(r#"{"id": 1, "full_name": "a/b", "owner": {"id": 2}, "fork": "yes"}"#),
            "`fork` is a string, not a boolean"
        );
        assert_eq!(
            bad(r#"{"id": 1, "full_name": "a/b", "owner": {"id": 2}, "fork": true, "parent": {}}"#),
            "parent: `full_name` is missing"
        );
    }

    #[test]
    fn null_and_missing_optional_members_are_absent() {
        let body = r#"{"id": 1, "full_name": "a/b", "owner": {"id": 2}, "fork": null, "default_branch": null, "parent": null}"#;
        let facts = read_response(&fork(), 200, None, None, body, |t| t.to_string()).unwrap();
        assert_eq!(facts.lineage, Lineage::NotAFork);
        assert_eq!(facts.default_branch, None);
    }
}
