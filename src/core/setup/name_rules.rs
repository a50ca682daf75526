//! The characters and lengths of the names the setup takes, written once: the validated types
//! in `values.rs` check a value with them, and the template's `AllowedPattern`s are built
//! from them, so CloudFormation refuses what the CLI and the wizard refuse.

/// ASCII letters and digits, as a regex class body.
pub const ALNUM: &str = "A-Za-z0-9";

/// A name of ASCII letters, digits and a few more characters, within a length.
#[derive(Debug, Clone, Copy)]
pub struct NameRule {
    /// The characters allowed besides ASCII letters and digits, as they go in a regex class
    /// (`-` last, no `]`, `\` or `^`).
    pub extra: &'static str,
    /// The fewest characters.
    pub min: usize,
    /// The most characters.
    pub max: usize,
}

impl NameRule {
    /// Whether `c` may be in the name.
    pub fn allows(self, c: char) -> bool {
        c.is_ascii_alphanumeric() || self.extra.contains(c)
    }

    /// The allowed characters as a regex class body.
    pub fn class(self) -> String {
        format!("{ALNUM}{}", self.extra)
    }
}

/// A GitHub owner: letters, digits and single hyphens, none at either end.
pub const OWNER: NameRule = NameRule { extra: "-", min: 1, max: 39 };
/// A GitHub repository name.
pub const REPO: NameRule = NameRule { extra: "._-", min: 1, max: 100 };
/// An IAM role name.
pub const ROLE: NameRule = NameRule { extra: "+=,.@_-", min: 1, max: 64 };
/// A DynamoDB table name.
pub const TABLE: NameRule = NameRule { extra: "_.-", min: 3, max: 255 };
/// A Lambda layer-name prefix; it does not end with `-`, which the layer names add.
pub const LAYER_PREFIX: NameRule = NameRule { extra: "_-", min: 1, max: 64 };

/// The `AllowedPattern` of an owner: letter-or-digit runs joined by single hyphens.
pub fn owner_pattern() -> String {
    format!("^[{ALNUM}]+(-[{ALNUM}]+)*$")
}

/// The `AllowedPattern` of a repository name.
pub fn repo_pattern() -> String {
    format!("^[{}]+$", REPO.class())
}

/// The `AllowedPattern` of a role name.
pub fn role_pattern() -> String {
    format!("^[{}]+$", ROLE.class())
}

/// The `AllowedPattern` of a table name, its length included.
pub fn table_pattern() -> String {
    format!("^[{}]{{{},{}}}$", TABLE.class(), TABLE.min, TABLE.max)
}

/// The `AllowedPattern` of a layer-name prefix: any allowed character, the last not `-`.
pub fn layer_prefix_pattern() -> String {
    format!("^[{}]*[{ALNUM}{}]$", LAYER_PREFIX.class(), LAYER_PREFIX.extra.trim_end_matches('-'))
}
