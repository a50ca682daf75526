//! The fork's OIDC subject claim template, as the answer of
//! `gh api repos/OWNER/REPO/actions/oidc/customization/sub` gives it: GitHub's default template
//! (`{"use_default": true}`), possibly with the exact prefix its tokens carry
//! (`sub_claim_prefix`), or a customised one whose subject joins the listed claims as
//! `key:value` pairs (`{"use_default": false, "include_claim_keys": ["repo", "context"]}`).

use std::fmt;

use serde_json::Value;

use crate::core::setup::values::{parse_github_id, Fork, GitHubIds, Quoted, Refusal};
use crate::core::setup::TrustScope;

/// The largest answer read: GitHub's is a few hundred bytes.
pub const MAX_BYTES: usize = 64 * 1024;

/// The members GitHub's answer may hold, in the order it writes them.
pub const MEMBERS: [&str; 4] = ["use_default", "include_claim_keys", "use_immutable_subject", "sub_claim_prefix"];

/// The `gh` command that prints the answer for `fork` (`OWNER/REPO`).
pub fn read_command(fork: &str) -> String {
    format!("gh api repos/{fork}/actions/oidc/customization/sub")
}

/// The `gh` command that puts `fork` back on GitHub's default template.
pub fn reset_command(fork: &str) -> String {
    format!("gh api -X PUT repos/{fork}/actions/oidc/customization/sub -F use_default=true")
}

/// A claim a customised subject includes: letters, digits and underscores, as GitHub's API
/// requires of `include_claim_keys`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClaimKey(String);

impl ClaimKey {
    /// Reads one claim key.
    pub fn parse(value: &str) -> Result<ClaimKey, Refusal> {
        let value_q = Quoted(value);
        if value.is_empty() || value.len() > 100 {
            return Err(format!(
                "include_claim_keys holds {value_q}; a claim key is 1-100 letters, digits and underscores, e.g. repo or context"
            ));
        }
        if !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "include_claim_keys holds {value_q}; a claim key has only letters, digits and underscores, e.g. job_workflow_ref"
            ));
        }
        Ok(ClaimKey(value.to_string()))
    }

    /// The key as GitHub writes it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClaimKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `sub_claim_prefix`: how GitHub spells the repository at the start of its subjects,
/// `repo:OWNER/REPO` or, with immutable subjects, `repo:OWNER@OWNER_ID/REPO@REPO_ID`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SubjectPrefix {
    /// The owner as GitHub spells it.
    pub owner: String,
    /// The repository as GitHub spells it.
    pub repo: String,
    /// The ids, when the prefix is the immutable form.
    pub ids: Option<GitHubIds>,
}

impl SubjectPrefix {
    /// Reads `repo:OWNER/REPO` or `repo:OWNER@ID/REPO@ID`.
    pub fn parse(value: &str) -> Result<SubjectPrefix, Refusal> {
        let value_q = Quoted(value);
        let wrong = || {
            format!(
                "sub_claim_prefix is {value_q}; GitHub writes it repo:OWNER/REPO or repo:OWNER@OWNER_ID/REPO@REPO_ID"
            )
        };
        let rest = value.strip_prefix("repo:").ok_or_else(wrong)?;
        let (owner, repo) = rest.split_once('/').ok_or_else(wrong)?;
        let name_ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-._".contains(c));
        let split_id = |part: &str| match part.split_once('@') {
            Some((name, id)) => (name.to_string(), Some(id.to_string())),
            None => (part.to_string(), None),
        };
        let ((owner, owner_id), (repo, repo_id)) = (split_id(owner), split_id(repo));
        if !name_ok(&owner) || !name_ok(&repo) {
            return Err(wrong());
        }
        let ids = match (owner_id, repo_id) {
            (None, None) => None,
            (Some(o), Some(r)) => Some(GitHubIds {
                owner_id: parse_github_id(&o, "owner id").map_err(|e| format!("sub_claim_prefix: {e}"))?,
                repo_id: parse_github_id(&r, "repository id").map_err(|e| format!("sub_claim_prefix: {e}"))?,
            }),
            _ => return Err(format!("sub_claim_prefix is {value_q}; it carries one id, but GitHub writes both (repo:OWNER@OWNER_ID/REPO@REPO_ID) or neither")),
        };
        Ok(SubjectPrefix { owner, repo, ids })
    }
}

impl fmt::Display for SubjectPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ids {
            Some(ids) => write!(f, "repo:{}@{}/{}@{}", self.owner, ids.owner_id, self.repo, ids.repo_id),
            None => write!(f, "repo:{}/{}", self.owner, self.repo),
        }
    }
}

/// Which template makes the fork's subjects.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ClaimTemplate {
    /// GitHub's default: `repo:OWNER/REPO:` then the ref, environment or `pull_request`.
    Default,
    /// A customised template: each key's `key:value`, joined with `:` in this order.
    Custom(Vec<ClaimKey>),
}

/// The fork's subject claim template, read from GitHub's answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SubClaim {
    /// Default or customised.
    pub template: ClaimTemplate,
    /// The exact repository part of the subjects, when GitHub's answer gives it.
    pub prefix: Option<SubjectPrefix>,
    /// `use_immutable_subject`, when given; `sub_claim_prefix` wins when both are.
    pub immutable: Option<bool>,
}

/// What kind of JSON value `value` is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn member<'a, T>(
    answer: &'a Value,
    name: &str,
    read: impl Fn(&'a Value) -> Option<T>,
    wanted: &str,
) -> Result<Option<T>, Refusal> {
    match answer.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => read(value)
            .map(Some)
            .ok_or_else(|| format!("{name} is {}; GitHub's answer has {wanted} there", kind(value))),
    }
}

impl SubClaim {
    /// Reads the JSON `gh api repos/OWNER/REPO/actions/oidc/customization/sub` prints.
    pub fn parse(text: &str) -> Result<SubClaim, Refusal> {
        let paste = "paste the whole answer of gh api repos/OWNER/REPO/actions/oidc/customization/sub";
        if text.len() > MAX_BYTES {
            return Err(format!(
                "the text is {} KB; GitHub's answer is a few hundred bytes: {paste}",
                text.len().div_ceil(1024)
            ));
        }
        // A byte order mark, as some Windows shells write, is not part of the JSON.
        let text = text.trim_start_matches('\u{feff}');
        let answer: Value = serde_json::from_str(text).map_err(|e| format!("is not JSON ({e}); {paste}"))?;
        let Value::Object(members) = &answer else {
            return Err(format!("is {}, not an object; {paste}", kind(&answer)));
        };
        if let Some(name) = members.keys().find(|name| !MEMBERS.contains(&name.as_str())) {
            return Err(format!(
                "has the member {}, which GitHub's answer does not; it holds {}",
                Quoted(name),
                MEMBERS.join(", ")
            ));
        }
        let use_default = member(&answer, "use_default", Value::as_bool, "true or false")?;
        let keys = member(&answer, "include_claim_keys", |v| v.as_array().map(Vec::as_slice), "a list of claim keys")?;
        let immutable = member(&answer, "use_immutable_subject", Value::as_bool, "true or false")?;
        let prefix = member(&answer, "sub_claim_prefix", Value::as_str, "a string")?;
        let prefix = prefix.map(SubjectPrefix::parse).transpose()?;
        let template = match (use_default, keys) {
            (None, _) => return Err(format!("use_default is missing; {paste}")),
            // GitHub ignores the keys when the default is used.
            (Some(true), _) => ClaimTemplate::Default,
            (Some(false), None) | (Some(false), Some([])) => {
                return Err("use_default is false with no include_claim_keys, so the organization's template applies; run gh api orgs/OWNER/actions/oidc/customization/sub and paste {\"use_default\": false, \"include_claim_keys\": [...]} with its keys".to_string())
            }
            (Some(false), Some(values)) => ClaimTemplate::Custom(claim_keys(values)?),
        };
        Ok(SubClaim { template, prefix, immutable })
    }

    /// The keys of a customised template.
    pub fn custom_keys(&self) -> Option<&[ClaimKey]> {
        match &self.template {
            ClaimTemplate::Default => None,
            ClaimTemplate::Custom(keys) => Some(keys),
        }
    }

    /// The answer again, as compact JSON with the members GitHub's answer gave (what
    /// `--sub-claim` reads back).
    pub fn to_json(&self) -> String {
        let mut members = vec![format!("\"use_default\":{}", self.template == ClaimTemplate::Default)];
        if let Some(keys) = self.custom_keys() {
            let keys: Vec<String> = keys.iter().map(|k| format!("\"{k}\"")).collect();
            members.push(format!("\"include_claim_keys\":[{}]", keys.join(",")));
        }
        if let Some(immutable) = self.immutable {
            members.push(format!("\"use_immutable_subject\":{immutable}"));
        }
        if let Some(prefix) = &self.prefix {
            members.push(format!("\"sub_claim_prefix\":\"{prefix}\""));
        }
        format!("{{{}}}", members.join(","))
    }
}

/// Claim keys whose value names the repository a run belongs to: a subject with one of them
/// (or `repository_id`, when the id is known) cannot be presented by another repository.
/// `job_workflow_ref` is not one: a workflow of the fork may be called from anywhere.
pub const REPOSITORY_KEYS: [&str; 3] = ["repo", "repository", "workflow_ref"];

/// Claim keys whose value carries the branch of a run (`context`, `ref`, and the workflow refs
/// ending in `@refs/heads/BRANCH`): one of them keeps a branch scope.
pub const BRANCH_KEYS: [&str; 4] = ["context", "ref", "job_workflow_ref", "workflow_ref"];

/// Claim keys whose value carries a job's environment: one of them keeps an environment scope.
pub const ENVIRONMENT_KEYS: [&str; 2] = ["context", "environment"];

/// Checks `claim` against the fork and the ids given, and returns the ids the role trusts:
/// those given, or those of an immutable `sub_claim_prefix`.
pub fn check(
    claim: &SubClaim,
    fork: Option<&Fork>,
    ids: Option<GitHubIds>,
    scope: Option<&TrustScope>,
) -> Result<Option<GitHubIds>, Refusal> {
    let Some(fork) = fork else { return Ok(ids) };
    let mut ids = ids;
    if let Some(prefix) = &claim.prefix {
        let (owner, repo) = (fork.owner.as_str(), fork.repo.as_str());
        if (prefix.owner.as_str(), prefix.repo.as_str()) != (owner, repo) {
            let spelled = format!("{}/{}", prefix.owner, prefix.repo);
            if spelled.eq_ignore_ascii_case(&fork.to_string()) {
                return Err(format!("sub_claim_prefix spells the fork {spelled}, but it is given as {fork}; the tokens spell it as GitHub does and IAM compares case-sensitively: write the fork as {spelled}"));
            }
            return Err(format!(
                "sub_claim_prefix is for {spelled}, not the fork {fork}; paste the answer of {}",
                read_command(&fork.to_string())
            ));
        }
        match (prefix.ids, ids) {
            (Some(theirs), Some(given)) if theirs != given => {
                return Err(format!(
                    "sub_claim_prefix carries owner id {} and repository id {}, but the ids given are {} and {}; GitHub's answer is what the tokens carry: give its ids, or leave the ids empty",
                    theirs.owner_id, theirs.repo_id, given.owner_id, given.repo_id
                ))
            }
            (Some(theirs), _) => ids = Some(theirs),
            (None, _) => {}
        }
    } else if claim.immutable == Some(true) && ids.is_none() {
        return Err("use_immutable_subject is true, so the fork's tokens carry repo:OWNER@OWNER_ID/REPO@REPO_ID; give the owner id and the repository id, or paste an answer that has sub_claim_prefix".to_string());
    }
    if let Some(keys) = claim.custom_keys() {
        let names_repo =
            |k: &ClaimKey| REPOSITORY_KEYS.contains(&k.as_str()) || (k.as_str() == "repository_id" && ids.is_some());
        if !keys.iter().any(names_repo) {
            let listed: Vec<&str> = keys.iter().map(ClaimKey::as_str).collect();
            return Err(format!(
                "include_claim_keys ({}) names no repository, so any repository's runs could present the same subject and the role cannot be kept to the fork; reset the template with {}, or add repo to the keys (repository_id needs the ids)",
                listed.join(", "),
                reset_command(&fork.to_string())
            ));
        }
        let (needed, what) = match scope {
            Some(TrustScope::Branch(_)) => (&BRANCH_KEYS[..], "branch"),
            Some(TrustScope::Environment(_)) => (&ENVIRONMENT_KEYS[..], "environment"),
            _ => (&[][..], ""),
        };
        if !needed.is_empty() && !keys.iter().any(|k| needed.contains(&k.as_str())) {
            return Err(format!(
                "the trust scope is one {what}, but include_claim_keys has none of {}, so the subject cannot say which {what} a run is in; choose the trust scope any, or reset the template with {}",
                needed.join(", "),
                reset_command(&fork.to_string())
            ));
        }
    }
    Ok(ids)
}

fn claim_keys(values: &[Value]) -> Result<Vec<ClaimKey>, Refusal> {
    let mut keys: Vec<ClaimKey> = Vec::new();
    for value in values {
        let text = value
            .as_str()
            .ok_or_else(|| format!("include_claim_keys holds {}; each claim key is a string", kind(value)))?;
        let key = ClaimKey::parse(text)?;
        if keys.contains(&key) {
            return Err(format!("include_claim_keys lists \"{key}\" twice; GitHub keeps each key once"));
        }
        keys.push(key);
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(claim: &SubClaim) -> Vec<&str> {
        claim.custom_keys().unwrap_or_default().iter().map(ClaimKey::as_str).collect()
    }

    #[test]
    fn reads_the_answers_github_gives() {
        let default = SubClaim::parse(r#"{"use_default": true}"#).unwrap();
        assert_eq!(default, SubClaim { template: ClaimTemplate::Default, prefix: None, immutable: None });
        let ignored = SubClaim::parse("\u{feff}{\"use_default\":true,\"include_claim_keys\":[\"repo\"]}").unwrap();
        assert_eq!(ignored.template, ClaimTemplate::Default);
        let custom = SubClaim::parse(
            "{\n  \"use_default\": false,\n  \"include_claim_keys\": [\"repo\", \"context\", \"job_workflow_ref\"]\n}\n",
        )
        .unwrap();
        assert_eq!(keys(&custom), ["repo", "context", "job_workflow_ref"]);
        let immutable = SubClaim::parse(
            r#"{"use_default":true,"use_immutable_subject":false,"sub_claim_prefix":"repo:octo-cat@583231/ocelot@1296269"}"#,
        )
        .unwrap();
        let prefix = immutable.prefix.clone().unwrap();
        assert_eq!(prefix.ids, Some(GitHubIds { owner_id: 583231, repo_id: 1296269 }));
        assert_eq!((prefix.owner.as_str(), prefix.repo.as_str()), ("octo-cat", "ocelot"));
        assert_eq!(immutable.immutable, Some(false));
        for claim in [default, custom, immutable] {
            assert_eq!(SubClaim::parse(&claim.to_json()), Ok(claim.clone()), "{}", claim.to_json());
        }
        assert_eq!(SubjectPrefix::parse("repo:o/r.x").unwrap().to_string(), "repo:o/r.x");
    }

    #[test]
    fn refuses_what_github_does_not_answer_naming_the_member() {
        for (text, says) in [
            ("", "is not JSON"),
            ("{\"use_default\": true", "is not JSON"),
            ("[]", "is an array, not an object"),
            ("{}", "use_default is missing"),
            ("{\"include_claim_keys\": [\"repo\"]}", "use_default is missing"),
            ("{\"use_default\": \"true\"}", "use_default is a string; GitHub's answer has true or false"),
            ("{\"use_default\": true, \"sub\": 1}", "the member \"sub\""),
            (
                "{\"use_default\": true, \"sub\": 1}",
                "use_default, include_claim_keys, use_immutable_subject, sub_claim_prefix",
            ),
            ("{\"use_default\": false}", "organization's template applies"),
            ("{\"use_default\": false, \"include_claim_keys\": []}", "gh api orgs/OWNER"),
            ("{\"use_default\": false, \"include_claim_keys\": \"repo\"}", "include_claim_keys is a string"),
            ("{\"use_default\": false, \"include_claim_keys\": [1]}", "include_claim_keys holds a number"),
            ("{\"use_default\": false, \"include_claim_keys\": [\"re po\"]}", "letters, digits and underscores"),
            ("{\"use_default\": false, \"include_claim_keys\": [\"\"]}", "1-100 letters"),
            ("{\"use_default\": false, \"include_claim_keys\": [\"repo\", \"repo\"]}", "\"repo\" twice"),
            ("{\"use_default\": true, \"sub_claim_prefix\": 5}", "sub_claim_prefix is a number"),
            ("{\"use_default\": true, \"sub_claim_prefix\": \"o/r\"}", "repo:OWNER/REPO or"),
            ("{\"use_default\": true, \"sub_claim_prefix\": \"repo:o\"}", "repo:OWNER/REPO or"),
            ("{\"use_default\": true, \"sub_claim_prefix\": \"repo:o*/r\"}", "repo:OWNER/REPO or"),
            ("{\"use_default\": true, \"sub_claim_prefix\": \"repo:o@1/r\"}", "carries one id"),
            (
                "{\"use_default\": true, \"sub_claim_prefix\": \"repo:o@x/r@2\"}",
                "sub_claim_prefix: \"x\" is not a number",
            ),
            ("{\"use_default\": true, \"use_immutable_subject\": 1}", "use_immutable_subject is a number"),
        ] {
            let refusal = SubClaim::parse(text).expect_err(text);
            assert!(refusal.contains(says), "{text}: {refusal}");
        }
        let big = format!("{{\"use_default\": true, \"x\": \"{}\"}}", "a".repeat(MAX_BYTES));
        assert!(SubClaim::parse(&big).unwrap_err().contains("65 KB"));
    }
}
