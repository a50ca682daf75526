//! The optional GitHub check: what `GET /repos/OWNER/REPO` says about the fork, read into
//! plain values. The request itself is made by the front end.

use serde::Deserialize;

use crate::core::names::{Fork, GitHubIds};

/// The public API's base URL.
pub const API_BASE: &str = "https://api.github.com";
/// The repository every fork comes from.
pub const UPSTREAM: &str = "dev7a/ocelot";

/// The URL of the repository endpoint for `fork` under `base`.
pub fn repo_url(base: &str, fork: &Fork) -> String {
    format!("{}/repos/{}/{}", base.trim_end_matches('/'), fork.owner, fork.repo)
}

#[derive(Debug, Deserialize)]
struct RepoJson {
    id: u64,
    full_name: String,
    owner: OwnerJson,
    #[serde(default)]
    fork: bool,
    #[serde(default)]
    default_branch: Option<String>,
    #[serde(default)]
    parent: Option<NameJson>,
    #[serde(default)]
    source: Option<NameJson>,
}

#[derive(Debug, Deserialize)]
struct OwnerJson {
    id: u64,
}

#[derive(Debug, Deserialize)]
struct NameJson {
    full_name: String,
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
    let repo: RepoJson = serde_json::from_str(body).map_err(|e| CheckError::BadBody(e.to_string()))?;
    let fork = Fork::parse(&repo.full_name).map_err(CheckError::BadBody)?;
    let is_upstream =
        |name: &Option<NameJson>| name.as_ref().is_some_and(|n| n.full_name.eq_ignore_ascii_case(UPSTREAM));
    let lineage = if repo.full_name.eq_ignore_ascii_case(UPSTREAM) {
        Lineage::Upstream
    } else if !repo.fork {
        Lineage::NotAFork
    } else if is_upstream(&repo.parent) || is_upstream(&repo.source) {
        Lineage::ForkOfOcelot
    } else {
        Lineage::ForkOfOther(
            repo.source.or(repo.parent).map(|n| n.full_name).unwrap_or_else(|| "another repository".to_string()),
        )
    };
    Ok(RepoFacts {
        fork,
        ids: GitHubIds { owner_id: repo.owner.id, repo_id: repo.id },
        lineage,
        default_branch: repo.default_branch,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fork() -> Fork {
        Fork::parse("octocat/ocelot").unwrap()
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
}
