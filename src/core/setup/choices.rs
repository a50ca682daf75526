//! The setup's choices, each with its one string form: the URL, the CLI, the template and the
//! wizard all read and write a choice through [`Choice::as_str`] and [`std::str::FromStr`].

use crate::core::setup::values::{Quoted, Refusal};

/// A closed set of values with one string form each.
pub trait Choice: Copy + Eq + Default + 'static {
    /// Every value, the default first.
    const ALL: &'static [Self];
    /// What the choice is, for messages ("secret names preset").
    const WHAT: &'static str;

    /// The value's string form.
    fn as_str(self) -> &'static str;

    /// The value written `text`, or a refusal listing the values there are.
    fn parse_choice(text: &str) -> Result<Self, Refusal> {
        let text = text.trim();
        let text_q = Quoted(text);
        Self::ALL.iter().copied().find(|c| c.as_str() == text).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|c| c.as_str()).collect();
            format!("{text_q} is not a {}; use {}", Self::WHAT, names.join(" or "))
        })
    }
}

/// Declares a [`Choice`] enum: its variants, their string forms, `FromStr`, `Display` and
/// `Serialize` and `Deserialize`, all through the one string form.
macro_rules! choice {
    (
        $(#[$doc:meta])*
        pub enum $name:ident ($what:literal) {
            $($(#[$attr:meta])* $variant:ident => $text:literal,)+
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub enum $name {
            $($(#[$attr])* $variant,)+
        }

        impl $crate::core::setup::choices::Choice for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            const WHAT: &'static str = $what;

            fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::core::setup::values::Refusal;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                <$name as $crate::core::setup::choices::Choice>::parse_choice(text)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str($crate::core::setup::choices::Choice::as_str(*self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::core::setup::choices::Choice::as_str(*self))
            }
        }
    };
}
pub(crate) use choice;

choice! {
    /// Whether the stack creates the account's GitHub OIDC provider or reuses the one it has.
    pub enum ProviderChoice ("provider choice") {
        /// Create `token.actions.githubusercontent.com` (an account holds at most one).
        #[default]
        Create => "create",
        /// Reference the provider the account already has.
        Reuse => "reuse",
    }
}

choice! {
    /// Whether the role may make published layers public.
    pub enum LayerSharing ("layer sharing") {
        /// The role may add a public permission to its layers (ocelot's `make-public` input).
        #[default]
        Public => "public",
        /// Layers stay private to the account.
        Private => "private",
    }
}

choice! {
    /// Whether the role may delete layers and their records, as `reaper.py` does.
    pub enum CleanupPermission ("cleanup permission") {
        /// No deletions.
        #[default]
        Denied => "denied",
        /// Layer versions and their table records may be deleted.
        Allowed => "allowed",
    }
}

choice! {
    /// Which secret and variable names the fork's workflows read, when nothing was read from
    /// the fork itself.
    pub enum SecretPreset ("secret names preset") {
        /// Upstream ocelot's workflows at [`UPSTREAM_REVISION`]: secret
        /// `OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN`, variable `DYNAMODB_REGION`, table `ocelot-layers`.
        #[default]
        Upstream => "upstream",
        /// The setup page's names: secrets `AWS_ROLE_TO_ASSUME` and `DYNAMODB_TABLE_NAME`. No
        /// workflow of upstream reads them.
        Seed => "seed",
    }
}

choice! {
    /// Whether a value is stored as a secret or a plain variable (what a workflow reads as
    /// `secrets.NAME` or `vars.NAME`).
    pub enum SecretKind ("kind of Actions setting") {
        /// An Actions secret, hidden in logs.
        #[default]
        Secret => "secret",
        /// An Actions variable, readable in logs.
        Variable => "variable",
    }
}

impl SecretKind {
    /// The plural GitHub's settings pages use in their path.
    pub fn settings_path(self) -> &'static str {
        match self {
            SecretKind::Secret => "secrets",
            SecretKind::Variable => "variables",
        }
    }
}

/// The upstream ocelot revision whose workflows the defaults describe, and whose values are
/// assumed where a file that holds them was not read.
pub const UPSTREAM_REVISION: &str = "dev7a/ocelot@505b216";

/// Where upstream's publisher writes its table, whatever the region variable says: the
/// `dynamodb-region` its `ci.yml` passes (dev7a/ocelot@505b216).
pub const UPSTREAM_TABLE_REGION: &str = "us-east-1";

impl SecretPreset {
    /// The default role secret name.
    pub fn role_secret(self) -> &'static str {
        match self {
            SecretPreset::Seed => "AWS_ROLE_TO_ASSUME",
            SecretPreset::Upstream => "OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN",
        }
    }

    /// The default table secret name, if the preset has one.
    pub fn table_secret(self) -> Option<&'static str> {
        match self {
            SecretPreset::Seed => Some("DYNAMODB_TABLE_NAME"),
            SecretPreset::Upstream => None,
        }
    }

    /// The default region variable name, if the preset has one.
    pub fn region_variable(self) -> Option<&'static str> {
        match self {
            SecretPreset::Seed => None,
            SecretPreset::Upstream => Some("DYNAMODB_REGION"),
        }
    }

    /// The default table name.
    pub fn table(self) -> &'static str {
        match self {
            SecretPreset::Seed => "PublishedCustomCollectorExtensionLayers",
            SecretPreset::Upstream => "ocelot-layers",
        }
    }

    /// The other preset.
    pub fn other(self) -> SecretPreset {
        match self {
            SecretPreset::Seed => SecretPreset::Upstream,
            SecretPreset::Upstream => SecretPreset::Seed,
        }
    }

    /// The names the preset stands for, in a few words (the CLI's help, the wizard's hint).
    pub fn summary(self) -> String {
        let mut names = vec![format!("secret {}", self.role_secret())];
        names.extend(self.table_secret().map(|n| format!("secret {n}")));
        names.extend(self.region_variable().map(|n| format!("variable {n}")));
        names.push(format!("table {}", self.table()));
        let whose = match self {
            SecretPreset::Seed => "the setup page's names, which upstream's workflows do not read".to_string(),
            SecretPreset::Upstream => format!("what {UPSTREAM_REVISION}'s workflows read"),
        };
        format!("{}: {whose}", names.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<C: Choice + std::str::FromStr<Err = Refusal> + std::fmt::Debug>() {
        assert_eq!(C::ALL[0], C::default(), "{}: the default comes first", C::WHAT);
        for choice in C::ALL {
            assert_eq!(choice.as_str().parse::<C>(), Ok(*choice));
        }
        let refusal = "nonsense".parse::<C>().unwrap_err();
        assert!(refusal.contains(C::WHAT) && refusal.contains(C::ALL[0].as_str()), "{refusal}");
    }

    #[test]
    fn every_choice_reads_back_its_one_string_form() {
        round_trips::<ProviderChoice>();
        round_trips::<LayerSharing>();
        round_trips::<CleanupPermission>();
        round_trips::<SecretPreset>();
        round_trips::<crate::core::setup::scope::ScopeKind>();
    }

    #[test]
    fn a_refusal_names_the_values_there_are() {
        assert_eq!(
            "Reuse".parse::<ProviderChoice>(),
            Err("\"Reuse\" is not a provider choice; use create or reuse".to_string())
        );
    }
}
