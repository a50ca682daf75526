//! What the role may do, read from the tailored template itself and resolved to ARN
//! patterns, so the diagnosis and the template cannot disagree.

use crate::core::cfn::Expr;
use crate::core::setup::Setup;
use crate::core::template::{generic_parameters as gp, ids, Template};

/// Actions the role may perform on resources given as IAM patterns (`*` and `?` wildcards).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowed {
    /// The actions, e.g. `lambda:PublishLayerVersion`.
    pub actions: Vec<&'static str>,
    /// The resources, e.g. `arn:aws:lambda:*:123456789012:layer:ocel-*`.
    pub resources: Vec<String>,
}

impl Allowed {
    /// Whether `action` is one of the actions (IAM compares actions case-insensitively).
    pub fn has_action(&self, action: &str) -> bool {
        self.actions.iter().any(|a| a.eq_ignore_ascii_case(action))
    }

    /// Whether `arn` matches one of the resources (case-sensitively, as IAM does).
    pub fn covers(&self, arn: &str) -> bool {
        self.resources.iter().any(|pattern| glob_matches(pattern, arn))
    }
}

/// The permissions of the tailored template for `setup`, with `account` standing for
/// `${AWS::AccountId}`.
pub fn allowed(setup: &Setup, account: &str) -> Vec<Allowed> {
    Template::tailored(setup)
        .grants()
        .into_iter()
        .map(|grant| Allowed {
            actions: grant.actions,
            resources: grant.resources.iter().filter_map(|r| resolve(r, setup, account)).collect(),
        })
        .collect()
}

/// Whether the tailored template for `setup` grants `action` on any resource.
pub fn grants_action(setup: &Setup, action: &str) -> bool {
    Template::tailored(setup).grants().iter().any(|g| g.actions.iter().any(|a| a.eq_ignore_ascii_case(action)))
}

/// The ARN of the setup's table in `account`.
pub fn table_arn(setup: &Setup, account: &str) -> String {
    format!("arn:{}:dynamodb:{}:{account}:table/{}", setup.region.partition(), setup.region, setup.table)
}

/// `expr` as an ARN pattern; `None` for what the tailored template never writes there.
fn resolve(expr: &Expr, setup: &Setup, account: &str) -> Option<String> {
    match expr {
        Expr::Str(s) => Some(s.clone()),
        Expr::GetAtt(resource, attribute) if resource == ids::TABLE && attribute == "Arn" => {
            Some(table_arn(setup, account))
        }
        Expr::Sub(template) => substitute(template, setup, account),
        _ => None,
    }
}

/// `Fn::Sub` of the names the permission statements use.
fn substitute(template: &str, setup: &Setup, account: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}')? + start;
        let name = &rest[start + 2..end];
        let table_arn_name = format!("{}.Arn", ids::TABLE);
        let value = match name {
            "AWS::Partition" => setup.region.partition().to_string(),
            "AWS::Region" => setup.region.to_string(),
            "AWS::AccountId" => account.to_string(),
            n if n == gp::PREFIX => setup.layer_prefix.to_string(),
            n if n == gp::TABLE => setup.table.to_string(),
            n if n == gp::ROLE => setup.role_name.to_string(),
            n if n == table_arn_name => table_arn(setup, account),
            _ => return None,
        };
        out.push_str(&value);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// IAM's wildcard match: `*` any run of characters, `?` any one character.
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    // The last `*` seen, and the text position it was tried at: on a mismatch it takes one more character.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::glob_matches;

    #[test]
    fn glob_follows_iam_wildcards() {
        assert!(glob_matches("arn:aws:lambda:*:1:layer:ocel-*", "arn:aws:lambda:us-east-1:1:layer:ocel-amd64-x"));
        assert!(glob_matches("a*b*c", "aXXbYYc"));
        assert!(glob_matches("a?c", "abc"));
        assert!(glob_matches("*", ""));
        assert!(!glob_matches("arn:aws:lambda:*:1:layer:ocel-*", "arn:aws:lambda:us-east-1:1:layer:other"));
        assert!(!glob_matches("a?c", "ac"));
        assert!(!glob_matches("abc", "abcd"));
        assert!(!glob_matches("Abc", "abc"));
    }
}
