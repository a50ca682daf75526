//! What following the findings gives: the input with them applied, what changed and from
//! where, the decisions left to the user, and notes.

use serde::{Deserialize, Serialize};

use crate::core::setup::field::Field;
use crate::core::setup::SetupInput;

use super::findings::Origin;

/// One field the workflows set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The field changed.
    pub field: Field,
    /// Its new value.
    pub value: String,
    /// Where the value was read.
    pub from: Vec<Origin>,
    /// Why, in a sentence.
    pub why: String,
}

/// One answer to a [`Conflict`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// The value the field would take.
    pub value: String,
    /// What choosing it means.
    pub why: String,
    /// Where it comes from, if from the files.
    pub from: Vec<Origin>,
}

/// A contradiction the user must decide: the options, and the one applied until they do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// The field it is about.
    pub field: Field,
    /// The contradiction, in a sentence.
    pub question: String,
    /// The possible answers.
    pub options: Vec<Choice>,
    /// The index of the option applied.
    pub chosen: usize,
}

/// The input with the findings applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Followed {
    /// The input to validate.
    pub input: SetupInput,
    /// What changed, and from where.
    pub changes: Vec<Change>,
    /// What the user must decide: each option is one the setup accepts.
    pub conflicts: Vec<Conflict>,
    /// What the user should know but has nothing to decide about (a name the setup page uses
    /// that no workflow reads, ...).
    pub notes: Vec<String>,
}
