//! What a field's declaration says, read through [`Field`]: its label, flag, URL key, default,
//! step, help, hint, template parameters and rule.

use crate::core::setup::choices::SecretPreset;
use crate::core::setup::declare::{long_flag, Blank, Parameter, WizardStep};
use crate::core::setup::field::Field;
use crate::core::setup::values::Refusal;

impl Field {
    /// The label a person reads in the wizard.
    pub fn label(self) -> &'static str {
        self.spec().label
    }

    /// The CLI flag that sets this field, without its leading `--` (clap's `long`).
    pub const fn long(self) -> &'static str {
        self.spec().long
    }

    /// The CLI flag that sets this field, `--` included.
    pub fn flag(self) -> String {
        long_flag(self.long())
    }

    /// The key of this field in the wizard's URL query, also the suffix of its DOM id.
    pub fn key(self) -> &'static str {
        self.spec().key
    }

    /// The field whose URL key is `key`.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.key() == key)
    }

    /// The value a blank field stands for, if it has one.
    pub fn default_text(self, preset: SecretPreset) -> Option<&'static str> {
        match self.spec().blank {
            Blank::Nothing => None,
            Blank::Always(text) => Some(text),
            Blank::ByPreset(text) => text(preset),
        }
    }

    /// The wizard step that asks for it.
    pub fn step(self) -> WizardStep {
        self.spec().step
    }

    /// The CLI's help.
    pub fn help(self) -> &'static str {
        self.spec().help
    }

    /// The wizard's hint under the field.
    pub fn hint(self) -> &'static str {
        self.spec().hint
    }

    /// The template parameters it gives.
    pub fn parameters(self) -> &'static [Parameter] {
        self.spec().parameters
    }

    /// The refusal of `text` by the field's own rule, if it has one and refuses it.
    pub fn apply_rule(self, text: &str) -> Result<(), Refusal> {
        self.spec().rule.map_or(Ok(()), |rule| rule(text))
    }
}
