//! Which workflow runs of the fork may assume the role: typed in the raw input as a kind and a
//! name ([`ScopeInput`]), validated into a [`TrustScope`], plus the deployment environments of
//! jobs that run in one while the others do not. The CLI's `--scope` and the URL write it as
//! `any`, `branch:NAME` or `environment:NAME`, then `,environment:NAME` for each further
//! environment; only this file reads or writes that form.

use crate::core::setup::choices::{choice, Choice};
use crate::core::setup::values::{BranchName, EnvironmentName, Quoted, Refusal};

choice! {
    /// The kind of trust scope.
    pub enum ScopeKind ("trust scope kind") {
        /// Any branch or tag.
        #[default]
        Any => "any",
        /// One branch.
        Branch => "branch",
        /// One deployment environment.
        Environment => "environment",
    }
}

/// The trust scope as typed: a kind, and the branch or environment name it needs.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct ScopeInput {
    /// Any branch, one branch or one environment.
    pub kind: ScopeKind,
    /// The branch or environment name (kept while the kind is `Any`, so switching back finds it).
    pub name: String,
    /// Further environments whose jobs are trusted too (environment names hold no comma).
    pub also: Vec<String>,
}

/// What starts each further environment in the `--scope` form.
const ALSO: &str = ",environment:";

impl ScopeInput {
    /// A scope of `kind` naming `name`.
    pub fn new(kind: ScopeKind, name: impl Into<String>) -> Self {
        ScopeInput { kind, name: name.into(), also: Vec::new() }
    }

    /// Reads `any`, `branch:NAME` or `environment:NAME` (empty means `any`). The name is checked
    /// when the scope is validated.
    pub fn parse(value: &str) -> Result<Self, Refusal> {
        let value = value.trim_matches(|c: char| c == '\n' || c == '\r');
        let value_q = Quoted(value);
        let (main, also) = match value.find(ALSO) {
            Some(at) => (&value[..at], value[at + ALSO.len()..].split(ALSO).map(str::to_string).collect()),
            None => (value, Vec::new()),
        };
        let mut scope = if main.is_empty() || main == ScopeKind::Any.as_str() {
            ScopeInput::default()
        } else {
            match main.split_once(':').map(|(kind, name)| (kind.parse::<ScopeKind>(), name)) {
                Some((Ok(kind), name)) if kind != ScopeKind::Any => ScopeInput::new(kind, name),
                _ => return Err(format!(
                    "{value_q} is not a trust scope; use any, branch:NAME (e.g. branch:main) or environment:NAME (e.g. environment:production), then ,environment:NAME for each further environment"
                )),
            }
        };
        scope.also = also;
        Ok(scope)
    }

    /// The scope as `--scope` and the URL write it.
    pub fn to_arg(&self) -> String {
        let main = match self.kind {
            ScopeKind::Any => ScopeKind::Any.as_str().to_string(),
            kind => format!("{kind}:{}", self.name),
        };
        self.also.iter().fold(main, |arg, env| format!("{arg}{ALSO}{env}"))
    }

    /// The further environments, validated: each once, none the main scope's.
    pub fn validate_also(&self) -> Result<Vec<EnvironmentName>, Refusal> {
        let mut out: Vec<EnvironmentName> = Vec::new();
        for name in &self.also {
            let env = EnvironmentName::parse(name)?;
            let main = self.kind == ScopeKind::Environment && self.name == *name;
            if main || out.contains(&env) {
                return Err(format!("environment {name} is listed twice; list each environment once"));
            }
            out.push(env);
        }
        Ok(out)
    }

    /// The validated scope.
    pub fn validate(&self) -> Result<TrustScope, Refusal> {
        match self.kind {
            ScopeKind::Any => Ok(TrustScope::AnyRef),
            ScopeKind::Branch => BranchName::parse(&self.name).map(TrustScope::Branch),
            ScopeKind::Environment => EnvironmentName::parse(&self.name).map(TrustScope::Environment),
        }
    }
}

/// Which workflow runs of the fork may assume the role.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum TrustScope {
    /// Any branch or tag of the fork (`ref:*`); pull requests and environment jobs are not trusted.
    #[default]
    AnyRef,
    /// Runs on one branch.
    Branch(BranchName),
    /// Jobs that use one deployment environment.
    Environment(EnvironmentName),
}

impl TrustScope {
    /// Reads the `--scope` form (`any`, `branch:NAME`, `environment:NAME`) and checks the name.
    pub fn parse(value: &str) -> Result<TrustScope, Refusal> {
        ScopeInput::parse(value)?.validate()
    }

    /// The scope's kind.
    pub fn kind(&self) -> ScopeKind {
        match self {
            TrustScope::AnyRef => ScopeKind::Any,
            TrustScope::Branch(_) => ScopeKind::Branch,
            TrustScope::Environment(_) => ScopeKind::Environment,
        }
    }

    /// The branch or environment name, empty for any ref.
    pub fn name(&self) -> &str {
        match self {
            TrustScope::AnyRef => "",
            TrustScope::Branch(branch) => branch.as_str(),
            TrustScope::Environment(env) => env.as_str(),
        }
    }

    /// The scope as the CLI's `--scope` takes it.
    pub fn to_arg(&self) -> String {
        ScopeInput::new(self.kind(), self.name()).to_arg()
    }

    /// The scope in plain words.
    pub fn describe(&self) -> String {
        match self {
            TrustScope::AnyRef => "any branch or tag of the fork".to_string(),
            TrustScope::Branch(branch) => format!("runs on branch {branch} only"),
            TrustScope::Environment(env) => format!("jobs in environment {env} only"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_arg_form_round_trips() {
        for arg in ["any", "branch:main", "environment:prod:eu", "branch:"] {
            assert_eq!(ScopeInput::parse(arg).unwrap().to_arg(), arg);
        }
        assert_eq!(ScopeInput::parse("").unwrap(), ScopeInput::default());
        assert_eq!(ScopeInput::parse("branch:main\n").unwrap(), ScopeInput::new(ScopeKind::Branch, "main"));
        for bad in ["tag:v1", "any:main", "main", "Branch:main"] {
            assert!(ScopeInput::parse(bad).unwrap_err().contains("is not a trust scope"), "{bad}");
        }
    }

    #[test]
    fn a_validated_scope_writes_what_was_read() {
        let scope = ScopeInput::parse("environment:prod:eu").unwrap().validate().unwrap();
        assert_eq!(scope.to_arg(), "environment:prod:eu");
        assert_eq!(ScopeInput::new(ScopeKind::Any, "main").validate(), Ok(TrustScope::AnyRef));
    }
}
