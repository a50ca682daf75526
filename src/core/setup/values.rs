//! Validated names: each type can only be built through its `parse`, which says what is
//! wrong and what would be right when it refuses a value.

use std::fmt;

use crate::core::setup::name_rules::{LAYER_PREFIX, OWNER, REPO, ROLE, TABLE};
use crate::core::text::counted;

/// Refusal text for a value: what is wrong and what would be right, without the field name.
pub type Refusal = String;

/// A character described for a person: "a space", "the wildcard '*'".
pub(crate) fn describe(c: char) -> String {
    match c {
        '\u{fffe}' | '\u{ffff}' => format!("the noncharacter U+{:04X}", c as u32),
        ' ' => "a space".to_string(),
        '\t' => "a tab".to_string(),
        '\n' | '\r' => "a line break".to_string(),
        c if c.is_control() => format!("the control character U+{:04X}", c as u32),
        '*' | '?' => format!("the wildcard '{c}'"),
        c => format!("'{c}'"),
    }
}

/// The longest value an error message quotes whole; a longer one is cut after
/// [`QUOTED_KEPT`] characters and ends with an ellipsis.
const QUOTED_MAX: usize = 80;
/// How many characters of a longer value an error message keeps.
const QUOTED_KEPT: usize = 60;

/// A refused value as an error message shows it: in double quotes, control characters and
/// noncharacters written as escapes (`\n`, `\u{7}`), so the message stays one line, and cut
/// after [`QUOTED_KEPT`] characters with `…` when longer than [`QUOTED_MAX`]: a 6,000-character
/// value pasted into a URL is named, not repeated.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Counting stops past the limit: a value may be thousands of characters long.
        let long = self.0.chars().nth(QUOTED_MAX).is_some();
        let kept = if long { QUOTED_KEPT } else { QUOTED_MAX };
        f.write_str("\"")?;
        for c in self.0.chars().take(kept) {
            match c {
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                c if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}') => write!(f, "\\u{{{:x}}}", c as u32)?,
                c => write!(f, "{c}")?,
            }
        }
        f.write_str(if long { "…\"" } else { "\"" })
    }
}

/// The first character of `value` that `allowed` refuses, described for a person.
fn first_bad_char(value: &str, allowed: impl Fn(char) -> bool) -> Option<String> {
    value.chars().find(|c| !allowed(*c)).map(describe)
}

fn check_length(value: &str, min: usize, max: usize, what: &str) -> Result<(), Refusal> {
    let len = value.chars().count();
    if len < min || len > max {
        let range = if min == max { format!("exactly {min}") } else { format!("{min} to {max}") };
        return Err(format!(
            "{} is too {}; {what} has {range} characters",
            counted(len, "character", "characters"),
            if len < min { "short" } else { "long" }
        ));
    }
    Ok(())
}

macro_rules! name_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The validated text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

name_type!(
    /// A GitHub user or organization name: 1-39 letters, digits and single hyphens.
    Owner
);
name_type!(
    /// A GitHub repository name: 1-100 letters, digits, `.`, `_` and `-`.
    RepoName
);
name_type!(
    /// A git branch name, as `git check-ref-format --branch` accepts it.
    BranchName
);
name_type!(
    /// A GitHub deployment environment name.
    EnvironmentName
);
name_type!(
    /// A CloudFormation stack name.
    StackName
);
name_type!(
    /// An IAM role name.
    RoleName
);
name_type!(
    /// A DynamoDB table name.
    TableName
);
name_type!(
    /// The prefix of the Lambda layer names the workflows publish.
    LayerPrefix
);
name_type!(
    /// A GitHub Actions secret or variable name.
    SecretName
);
name_type!(
    /// A 12-digit AWS account id.
    AccountId
);

impl Owner {
    /// Parses a GitHub owner name.
    pub fn parse(value: &str) -> Result<Self, Refusal> {
        let value_q = Quoted(value);
        if value.is_empty() {
            return Err("the owner is empty; write the fork as OWNER/REPO, e.g. octocat/ocelot".into());
        }
        if let Some(c) = first_bad_char(value, |c| OWNER.allows(c)) {
            return Err(format!("owner {value_q} contains {c}; GitHub owners are letters, digits and single hyphens"));
        }
        check_length(value, OWNER.min, OWNER.max, "a GitHub owner").map_err(|e| format!("owner {value_q}: {e}"))?;
        if value.starts_with('-') || value.ends_with('-') {
            return Err(format!(
                "owner {value_q} starts or ends with a hyphen; GitHub owners begin and end with a letter or digit"
            ));
        }
        if value.contains("--") {
            return Err(format!("owner {value_q} has two hyphens in a row; GitHub owners use single hyphens"));
        }
        Ok(Owner(value.to_string()))
    }
}

impl RepoName {
    /// Parses a GitHub repository name.
    pub fn parse(value: &str) -> Result<Self, Refusal> {
        let value_q = Quoted(value);
        if value.is_empty() {
            return Err("the repository is empty; write the fork as OWNER/REPO, e.g. octocat/ocelot".into());
        }
        if let Some(c) = first_bad_char(value, |c| REPO.allows(c)) {
            return Err(format!(
                "repository {value_q} contains {c}; GitHub repository names are letters, digits, '.', '_' and '-'"
            ));
        }
        check_length(value, REPO.min, REPO.max, "a GitHub repository name")
            .map_err(|e| format!("repository {value_q}: {e}"))?;
        if value == "." || value == ".." {
            return Err(format!("{value_q} is not a repository name; name the fork, e.g. octocat/ocelot"));
        }
        Ok(RepoName(value.to_string()))
    }
}

/// A fork on GitHub: owner and repository.
// Crosses to the wizard's worker in its one string form, parsed again on the way back in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Fork {
    /// Who owns the fork.
    pub owner: Owner,
    /// The fork's repository name.
    pub repo: RepoName,
}

impl Fork {
    /// Parses `owner/repo`, `https://github.com/owner/repo[.git]` or
    /// `git@github.com:owner/repo.git`; surrounding whitespace is ignored.
    pub fn parse(value: &str) -> Result<Self, Refusal> {
        let trimmed = value.trim();
        let trimmed_q = Quoted(trimmed);
        if trimmed.is_empty() {
            return Err("enter your fork as OWNER/REPO, e.g. octocat/ocelot, or paste its GitHub URL".into());
        }
        if let Some(c) = trimmed.chars().find(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!("contains {}; enter the fork as OWNER/REPO, e.g. octocat/ocelot", describe(c)));
        }
        let path = strip_github_prefix(trimmed)?;
        let path = path.strip_suffix('/').unwrap_or(path);
        let path = path.strip_suffix(".git").unwrap_or(path);
        let mut parts = path.split('/');
        let (owner, repo) = match (parts.next(), parts.next(), parts.next()) {
            (Some(owner), Some(repo), None) => (owner, repo),
            (Some(_), None, _) => {
                return Err(format!("{trimmed_q} has no repository; write OWNER/REPO, e.g. octocat/ocelot"))
            }
            _ => {
                return Err(format!(
                    "{trimmed_q} has more than OWNER/REPO; give the repository itself, e.g. octocat/ocelot or https://github.com/octocat/ocelot"
                ))
            }
        };
        Ok(Fork { owner: Owner::parse(owner)?, repo: RepoName::parse(repo)? })
    }
}

fn strip_github_prefix(value: &str) -> Result<&str, Refusal> {
    const PREFIXES: [&str; 7] = [
        "https://github.com/",
        "http://github.com/",
        "https://www.github.com/",
        "ssh://git@github.com/",
        "git@github.com:",
        "github.com/",
        "www.github.com/",
    ];
    let lower = value.to_ascii_lowercase();
    if let Some(prefix) = PREFIXES.iter().find(|p| lower.starts_with(*p)) {
        return Ok(&value[prefix.len()..]);
    }
    if lower.contains("://") || lower.starts_with("git@") {
        let value_q = Quoted(value);
        return Err(format!(
            "{value_q} is not a github.com repository; ocelot forks live on github.com, e.g. https://github.com/octocat/ocelot"
        ));
    }
    Ok(value)
}

impl fmt::Display for Fork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner, self.repo)
    }
}

impl From<Fork> for String {
    fn from(fork: Fork) -> String {
        fork.to_string()
    }
}

impl TryFrom<String> for Fork {
    type Error = Refusal;

    fn try_from(text: String) -> Result<Fork, Refusal> {
        Fork::parse(&text)
    }
}

/// GitHub's numeric ids of a fork and its owner, used by immutable OIDC subjects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct GitHubIds {
    /// `owner.id` from the GitHub API.
    pub owner_id: u64,
    /// `id` from the GitHub API.
    pub repo_id: u64,
}

/// Parses a GitHub numeric id: digits only, greater than zero.
pub fn parse_github_id(value: &str, what: &str) -> Result<u64, Refusal> {
    let value = value.trim();
    let value_q = Quoted(value);
    if value.is_empty() || !value.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("{value_q} is not a number; the {what} is the number GitHub's API gives, e.g. 583231"));
    }
    match value.parse::<u64>() {
        Ok(0) | Err(_) => {
            Err(format!("{value_q} is out of range; the {what} is a positive number below 2^64, e.g. 583231"))
        }
        Ok(id) => Ok(id),
    }
}

impl BranchName {
    /// Parses a branch name with git's ref-name rules.
    pub fn parse(value: &str) -> Result<Self, Refusal> {
        let value_q = Quoted(value);
        if value.is_empty() {
            return Err("the branch is empty; name one, e.g. branch:main".into());
        }
        // A noncharacter (U+FFFE, U+FFFF) is no character a YAML file may hold, quoted or not.
        if let Some(c) = first_bad_char(value, |c| {
            !c.is_control()
                && !c.is_whitespace()
                && !matches!(c, '~' | '^' | ':' | '?' | '*' | '[' | '\\' | '\u{fffe}' | '\u{ffff}')
        }) {
            return Err(format!(
                "branch {value_q} contains {c}; git branch names have no spaces, control characters, '~', '^', ':', '?', '*', '[' or '\\' (and a template cannot hold U+FFFE or U+FFFF)"
            ));
        }
        check_length(value, 1, 255, "a branch name").map_err(|e| format!("branch: {e}"))?;
        let bad_shape = value.starts_with('/')
            || value.ends_with('/')
            || value.ends_with('.')
            || value.ends_with(".lock")
            || value.contains("..")
            || value.contains("//")
            || value.contains("@{")
            || value == "@"
            || value.starts_with('-')
            || value.split('/').any(|part| part.starts_with('.'));
        if let Some(short) = value.strip_prefix("refs/heads/") {
            return Err(format!("{value_q} is a full ref; give the branch name alone, e.g. branch:{short}"));
        }
        if bad_shape {
            return Err(format!("{value_q} is not a valid git branch name; use a name such as main or release/v1"));
        }
        Ok(BranchName(value.to_string()))
    }
}

impl EnvironmentName {
    /// Parses a GitHub deployment environment name.
    pub fn parse(value: &str) -> Result<Self, Refusal> {
        let value_q = Quoted(value);
        if value.trim().is_empty() {
            return Err("the environment is empty; name one, e.g. environment:production".into());
        }
        if let Some(c) =
            first_bad_char(value, |c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '_' | '-' | ':' | '/'))
        {
            return Err(format!(
                "environment {value_q} contains {c}; use letters, digits, spaces, '.', '_', '-', ':' or '/'"
            ));
        }
        if value.starts_with(' ') || value.ends_with(' ') {
            return Err(format!(
                "environment {value_q} starts or ends with a space; GitHub trims those, so write the name without them"
            ));
        }
        check_length(value, 1, 255, "a GitHub environment name").map_err(|e| format!("environment: {e}"))?;
        Ok(EnvironmentName(value.to_string()))
    }

    /// The name as it appears in an OIDC subject: GitHub writes `:` as `%3A`.
    pub fn in_subject(&self) -> String {
        self.0.replace(':', "%3A")
    }
}

impl StackName {
    /// Parses a CloudFormation stack name.
    pub fn parse(value: &str) -> Result<Self, Refusal> {
        let value_q = Quoted(value);
        if value.is_empty() {
            return Err("the stack name is empty; use e.g. ocelot-fork-setup".into());
        }
        if let Some(c) = first_bad_char(value, |c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!(
                "{value_q} contains {c}; stack names are letters, digits and hyphens, e.g. ocelot-fork-setup"
            ));
        }
        if !value.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return Err(format!(
                "{value_q} does not start with a letter; stack names start with a letter, e.g. ocelot-fork-setup"
            ));
        }
        check_length(value, 1, 128, "a stack name")?;
        Ok(StackName(value.to_string()))
    }
}

impl RoleName {
    /// Parses an IAM role name.
    pub fn parse(value: &str) -> Result<Self, Refusal> {
        let value_q = Quoted(value);
        if value.is_empty() {
            return Err("the role name is empty; use e.g. ocelot-layer-publisher".into());
        }
        if let Some(c) = first_bad_char(value, |c| ROLE.allows(c)) {
            return Err(format!("{value_q} contains {c}; IAM role names are letters, digits and + = , . @ _ -"));
        }
        check_length(value, ROLE.min, ROLE.max, "an IAM role name")?;
        Ok(RoleName(value.to_string()))
    }
}

impl TableName {
    /// Parses a DynamoDB table name.
    pub fn parse(value: &str) -> Result<Self, Refusal> {
        let value_q = Quoted(value);
        if value.is_empty() {
            return Err("the table name is empty; use e.g. PublishedCustomCollectorExtensionLayers".into());
        }
        if let Some(c) = first_bad_char(value, |c| TABLE.allows(c)) {
            return Err(format!("{value_q} contains {c}; DynamoDB table names are letters, digits, '_', '.' and '-'"));
        }
        check_length(value, TABLE.min, TABLE.max, "a DynamoDB table name")?;
        Ok(TableName(value.to_string()))
    }
}

impl LayerPrefix {
    /// Parses a layer-name prefix. Layer names are `<prefix>-<arch>-...`, so the prefix
    /// itself does not end with the hyphen.
    pub fn parse(value: &str) -> Result<Self, Refusal> {
        let value_q = Quoted(value);
        if value.is_empty() {
            return Err("the prefix is empty; ocelot names its layers ocel-<arch>-..., so use ocel".into());
        }
        if let Some(c) = first_bad_char(value, |c| LAYER_PREFIX.allows(c)) {
            return Err(format!("{value_q} contains {c}; Lambda layer names are letters, digits, '_' and '-'"));
        }
        if value.ends_with('-') {
            return Err(format!(
                "{value_q} ends with a hyphen; layer names add it themselves (<prefix>-<arch>-...), so write {}",
                value.trim_end_matches('-')
            ));
        }
        check_length(value, LAYER_PREFIX.min, LAYER_PREFIX.max, "a layer-name prefix")?;
        Ok(LayerPrefix(value.to_string()))
    }
}

impl SecretName {
    /// Parses a GitHub Actions secret or variable name.
    pub fn parse(value: &str) -> Result<Self, Refusal> {
        let value_q = Quoted(value);
        if value.is_empty() {
            return Err("the name is empty; use e.g. AWS_ROLE_TO_ASSUME".into());
        }
        if let Some(c) = first_bad_char(value, |c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("{value_q} contains {c}; secret and variable names are letters, digits and '_'"));
        }
        if value.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(format!("{value_q} starts with a digit; secret and variable names start with a letter or '_'"));
        }
        if value.to_ascii_uppercase().starts_with("GITHUB_") {
            return Err(format!(
                "{value_q} starts with GITHUB_, which GitHub reserves; choose another name, e.g. AWS_ROLE_TO_ASSUME"
            ));
        }
        check_length(value, 1, 255, "a secret name")?;
        Ok(SecretName(value.to_string()))
    }
}

impl AccountId {
    /// Parses an AWS account id; the console shows it as `1234-5678-9012`, so hyphens and
    /// spaces between the digits are dropped.
    pub fn parse(value: &str) -> Result<Self, Refusal> {
        let value_q = Quoted(value.trim());
        let digits: String = value.trim().chars().filter(|c| *c != '-' && *c != ' ').collect();
        if digits.is_empty() {
            return Err(
                "the account id is empty; it is the 12 digits in the AWS console's account menu, e.g. 123456789012"
                    .into(),
            );
        }
        if let Some(c) = first_bad_char(&digits, |c| c.is_ascii_digit()) {
            return Err(format!("{value_q} contains {c}; an AWS account id is 12 digits, e.g. 123456789012"));
        }
        if digits.len() != 12 {
            return Err(format!(
                "{value_q} has {}; an AWS account id has exactly 12, e.g. 123456789012",
                counted(digits.len(), "digit", "digits")
            ));
        }
        Ok(AccountId(digits))
    }
}
