//! What the role may do, from the one list the template is built from ([`GRANTS`]): with the
//! account and region left as placeholders for the doctor ([`grants`]), or resolved to ARN
//! patterns for one account for the diagnosis ([`allowed`]), so neither can disagree with the
//! template.

use crate::core::setup::Setup;
use crate::core::template::role::GRANTS;

/// Stands for the account id in [`Grant::resource`], as in CloudFormation's `Fn::Sub`.
pub const ACCOUNT: &str = "${AWS::AccountId}";
/// Stands for the stack's region in [`Grant::resource`], as in CloudFormation's `Fn::Sub`.
pub const REGION: &str = "${AWS::Region}";

/// One statement of the role's permissions: actions the workflows call on one resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The statement id, as in the template.
    pub sid: &'static str,
    /// The actions, as IAM names them.
    pub actions: &'static [&'static str],
    /// The resource ARN pattern: the partition written out, the account and the region as
    /// [`ACCOUNT`] and [`REGION`].
    pub resource: String,
}

/// The statements the role of `setup` must allow, in the template's order: the template's own
/// list ([`GRANTS`]) with the account and region left as placeholders.
pub fn grants(setup: &Setup) -> Vec<Grant> {
    GRANTS
        .iter()
        .filter(|grant| grant.held_by(setup))
        .map(|grant| Grant {
            sid: grant.sid,
            actions: grant.actions,
            resource: grant.target.pattern(setup, REGION, ACCOUNT),
        })
        .collect()
}

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

/// The permissions the role of `setup` holds, with `account` standing for `${AWS::AccountId}`.
pub fn allowed(setup: &Setup, account: &str) -> Vec<Allowed> {
    GRANTS
        .iter()
        .filter(|grant| grant.held_by(setup))
        .map(|grant| Allowed {
            actions: grant.actions.to_vec(),
            resources: vec![grant.target.pattern(setup, setup.region.code(), account)],
        })
        .collect()
}

/// Whether the role of `setup` may perform `action` on some resource.
pub fn grants_action(setup: &Setup, action: &str) -> bool {
    GRANTS.iter().any(|g| g.held_by(setup) && g.actions.iter().any(|a| a.eq_ignore_ascii_case(action)))
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
    use super::*;
    use crate::core::setup::test_setup as setup;
    use crate::core::setup::{CleanupPermission, LayerSharing};

    #[test]
    fn the_options_add_and_remove_statements() {
        let sids = |s: &Setup| grants(s).iter().map(|g| g.sid).collect::<Vec<_>>();
        assert_eq!(
            sids(&setup(|_| {})),
            ["PublishLayers", "MakeLayersPublic", "RecordLayerMetadata", "QueryLayerMetadata"]
        );
        let private_cleanup = setup(|i| {
            i.sharing = LayerSharing::Private;
            i.cleanup = CleanupPermission::Allowed;
        });
        assert_eq!(
            sids(&private_cleanup),
            [
                "PublishLayers",
                "ListAllLayers",
                "DeleteLayerVersions",
                "RecordLayerMetadata",
                "QueryLayerMetadata",
                "DeleteLayerMetadata"
            ]
        );
    }

    #[test]
    fn resources_use_the_partition_prefix_and_table() {
        let s = setup(|i| {
            i.region = "cn-north-1".into();
            i.layer_prefix = "my_layers".into();
            i.table = "t.1".into();
        });
        let g = grants(&s);
        assert_eq!(g[0].resource, "arn:aws-cn:lambda:*:${AWS::AccountId}:layer:my_layers-*");
        assert_eq!(g[1].resource, "arn:aws-cn:lambda:*:${AWS::AccountId}:layer:my_layers-*:*");
        let table = g.iter().find(|g| g.sid == "RecordLayerMetadata").expect("always there");
        assert_eq!(table.resource, "arn:aws-cn:dynamodb:${AWS::Region}:${AWS::AccountId}:table/t.1");
        let query = g.iter().find(|g| g.sid == "QueryLayerMetadata").expect("always there");
        assert_eq!(query.resource, "arn:aws-cn:dynamodb:${AWS::Region}:${AWS::AccountId}:table/t.1/index/*");
    }

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
