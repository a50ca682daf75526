//! [`SetupInput`]'s texts: what a person typed, before validation (the struct itself is
//! declared with the fields, in `field.rs`).

use crate::core::setup::declare::{Slot, SlotMut};
use crate::core::setup::field::{Field, SetupInput};

impl SetupInput {
    /// An input for `fork` with every other field at its default.
    pub fn for_fork(fork: &str) -> Self {
        SetupInput { fork: fork.to_string(), ..SetupInput::default() }
    }

    /// The text of a text field; for the scope, the branch or environment name. Toggles and
    /// the preset have none.
    pub fn text(&self, field: Field) -> Option<&str> {
        match self.slot(field) {
            Slot::Text(text) => Some(text),
            Slot::Scope(scope) => Some(&scope.name),
            Slot::Choice(_) => None,
        }
    }

    /// The text field `field`, to write into (`None` for toggles and the preset).
    pub fn text_mut(&mut self, field: Field) -> Option<&mut String> {
        match self.slot_mut(field) {
            SlotMut::Text(text) => Some(text),
            SlotMut::Scope(scope) => Some(&mut scope.name),
            SlotMut::Choice(_) => None,
        }
    }

    /// The text of `field`, or the value a blank one stands for.
    pub fn text_or_default(&self, field: Field) -> Option<&str> {
        let text = self.text(field)?;
        if text.trim().is_empty() {
            field.default_text(self.preset)
        } else {
            Some(text)
        }
    }
}
