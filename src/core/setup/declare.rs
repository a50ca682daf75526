//! What the declaration of a field holds ([`Spec`]) and the [`fields!`] macro that turns the
//! one list of declarations (`field.rs`) into [`Field`](super::Field), its order, and the
//! [`SetupInput`](super::SetupInput) that stores what was typed. In the spirit of ripgrep's
//! `flags/defs.rs`: the CLI, the URL, the wizard and the template read the list; none of them
//! lists the fields again.

use std::str::FromStr;

use crate::core::setup::choices::{Choice, SecretPreset};
use crate::core::setup::scope::ScopeInput;
use crate::core::setup::values::Refusal;
use crate::core::setup::Setup;

/// `--LONG`: a CLI flag as a command line spells it.
pub fn long_flag(long: &str) -> String {
    format!("--{long}")
}

/// Everything declared about one field.
///
/// Three texts describe a field, each read where its reader stands: `help` in the CLI, where
/// the flag stands alone, so it names the thing and the subcommands that read it; `hint`
/// under the wizard's label, which names the field already, so it says where the value comes
/// from; and each parameter's `description` in the CloudFormation console, read without the
/// flags or the wizard. Where two of them can say the same sentence, they read one constant.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// The label a person reads in the wizard.
    pub label: &'static str,
    /// The CLI flag, without its leading `--` (clap's `long`).
    pub long: &'static str,
    /// What the flag takes.
    pub flag: Flag,
    /// The key in the wizard's URL query, also the suffix of its DOM ids.
    pub key: &'static str,
    /// The wizard step that asks for it.
    pub step: WizardStep,
    /// The CLI's help (its trailing period left out, as clap leaves a doc comment's).
    pub help: &'static str,
    /// The wizard's hint under the field.
    pub hint: &'static str,
    /// What a blank value stands for.
    pub blank: Blank,
    /// The template parameters it gives, in order (the template builds the ones whose form
    /// depends on the plan).
    pub parameters: &'static [Parameter],
    /// The rule a value of the field obeys on its own, when it has one; `Setup::from_input`
    /// applies the same rule, and the checks across fields besides.
    pub rule: Option<Rule>,
}

/// A rule a field's text obeys: the refusal, or nothing.
pub type Rule = fn(&str) -> Result<(), Refusal>;

/// What a CLI flag takes.
#[derive(Debug, Clone, Copy)]
pub enum Flag {
    /// A value, shown as this name in the help (`--region <REGION>`).
    Value(&'static str),
    /// No value: giving the flag sets the field's choice to the one this returns.
    Switch(fn() -> &'static str),
}

/// What a blank field stands for.
#[derive(Debug, Clone, Copy)]
pub enum Blank {
    /// Nothing: the field is optional, or must be given.
    Nothing,
    /// This value, whatever the preset.
    Always(&'static str),
    /// The preset's value, if the preset has one.
    ByPreset(fn(SecretPreset) -> Option<&'static str>),
}

/// The wizard step that asks for a field (the wizard's `Step` maps onto these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WizardStep {
    /// The fork and what GitHub says about it.
    Fork,
    /// The AWS options.
    Options,
    /// The GitHub secrets.
    Secrets,
}

/// A CloudFormation parameter a field gives.
#[derive(Debug, Clone, Copy)]
pub struct Parameter {
    /// The parameter's name, also its `param_<name>` key in a quick-create link.
    pub name: &'static str,
    /// Its `Description`.
    pub description: &'static str,
    /// Its form.
    pub shape: Shape,
}

/// The form of a template parameter.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// The template builds it: its form depends on the plan (baked in or left open).
    Planned,
    /// A string, checked by CloudFormation against `pattern`; the tailored template's default
    /// is `value` of the setup, the generic template's the field's blank value.
    Text {
        /// The `AllowedPattern`, from the field's rule.
        pattern: fn() -> String,
        /// The `MaxLength`.
        max_length: u32,
        /// The `ConstraintDescription`, from the field's rule.
        constraint: fn() -> String,
        /// The value the setup gives it.
        value: fn(&Setup) -> String,
    },
}

/// Where a field's value is stored in a [`SetupInput`](super::SetupInput).
pub enum Slot<'a> {
    /// Text as typed.
    Text(&'a String),
    /// The trust scope: its kind, its name and further environments.
    Scope(&'a ScopeInput),
    /// One of a closed set of values.
    Choice(&'a dyn ChoiceValue),
}

/// Where a field's value is stored, to write into.
pub enum SlotMut<'a> {
    /// Text as typed.
    Text(&'a mut String),
    /// The trust scope.
    Scope(&'a mut ScopeInput),
    /// One of a closed set of values.
    Choice(&'a mut dyn ChoiceValue),
}

/// A [`Choice`] seen through its string form, whatever its type.
pub trait ChoiceValue {
    /// The value's string form.
    fn text(&self) -> &'static str;
    /// Whether it is the default value.
    fn is_default(&self) -> bool;
    /// Sets it from its string form: blank means the default; a text that is none of the
    /// values leaves it as it is.
    fn set(&mut self, text: &str);
}

impl<C: Choice + FromStr> ChoiceValue for C {
    fn text(&self) -> &'static str {
        self.as_str()
    }

    fn is_default(&self) -> bool {
        *self == C::default()
    }

    fn set(&mut self, text: &str) {
        if text.trim().is_empty() {
            *self = C::default();
        } else if let Ok(value) = text.parse() {
            *self = value;
        }
    }
}

/// Declares every field once: `Variant(storage: Type, Slot) { Spec fields }`, in the order
/// the wizard asks for them. Gives the [`Field`](super::Field) enum, `Field::ALL`,
/// `Field::spec`, the [`SetupInput`](super::SetupInput) struct and its slots. A field
/// declared `#[cfg(test)]` exists in unit tests only.
macro_rules! fields {
    ($(
        $(#[doc = $doc:literal])*
        $(#[cfg($cfg:meta)])?
        $variant:ident($store:ident: $ty:ty, $slot:ident) { $($spec:tt)* }
    )*) => {
        /// One input of the setup. The UI, the CLI and the URL all name inputs through this enum.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum Field {
            $($(#[doc = $doc])* $(#[cfg($cfg)])? $variant,)*
        }

        impl Field {
            /// Every field, in the order declared: the order the wizard asks for them, the
            /// CLI's help lists them and the template's parameters follow.
            pub const ALL: &'static [Field] = &[$($(#[cfg($cfg)])? Field::$variant,)*];

            /// The field's declaration.
            pub const fn spec(self) -> &'static $crate::core::setup::declare::Spec {
                match self {
                    $($(#[cfg($cfg)])? Field::$variant => {
                        const SPEC: $crate::core::setup::declare::Spec =
                            $crate::core::setup::declare::Spec { $($spec)* };
                        &SPEC
                    })*
                }
            }
        }

        /// What a person typed, before validation. An empty text means "the default"
        /// ([`Field::default_text`]).
        #[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
        pub struct SetupInput {
            $($(#[doc = $doc])* $(#[cfg($cfg)])? pub $store: $ty,)*
        }

        impl SetupInput {
            /// Where the value of `field` is stored.
            pub fn slot(&self, field: Field) -> $crate::core::setup::declare::Slot<'_> {
                match field {
                    $($(#[cfg($cfg)])? Field::$variant => $crate::core::setup::declare::Slot::$slot(&self.$store),)*
                }
            }

            /// Where the value of `field` is stored, to write into.
            pub fn slot_mut(&mut self, field: Field) -> $crate::core::setup::declare::SlotMut<'_> {
                match field {
                    $($(#[cfg($cfg)])? Field::$variant => {
                        $crate::core::setup::declare::SlotMut::$slot(&mut self.$store)
                    })*
                }
            }
        }
    };
}
pub(crate) use fields;
