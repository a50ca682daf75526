//! The core's errors: each names the field, what is wrong and what would be right.

use crate::core::setup::field::Field;

/// A refused input value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    /// The input that was refused.
    pub field: Field,
    /// What is wrong and what would be right, lowercase, without the field's name.
    pub message: String,
}

impl FieldError {
    /// A refusal of `field` with `message` (what is wrong; what would be right).
    pub fn new(field: Field, message: impl Into<String>) -> Self {
        FieldError { field, message: message.into() }
    }

    /// The message as the CLI prints it, naming the flag instead of the label.
    pub fn for_cli(&self) -> String {
        format!("{}: {}", self.field.flag(), self.message)
    }
}

/// Every refused field of one setup request, in the order the wizard asks for them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct SetupErrors(pub Vec<FieldError>);

impl SetupErrors {
    /// The refusal of `field`, if it was refused.
    pub fn get(&self, field: Field) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }
}
