//! DOM ids, declared once for the UI and its tests.

use crate::core::setup::field::Field;

/// The host element the wizard mounts into when the page has one.
pub const HOST: &str = "ocelot-setup";
/// The main column.
pub const MAIN: &str = "wz-main";
/// The template preview.
pub const PREVIEW: &str = "wz-preview";

/// The switch that turns the reading of the fork from GitHub on or off.
pub const READING_SWITCH: &str = "wz-github-reading";
/// The notice that a link chose the fork.
pub const LINKED_FORK: &str = "wz-linked-fork";

/// The box where a failing log is pasted.
pub const PASTE: &str = "wz-paste";
/// What the pasted log means.
pub const DIAGNOSIS: &str = "wz-diagnosis";

/// The id of a field's input.
pub fn input(field: Field) -> String {
    format!("wz-{}", field.key())
}

/// The id of a field's message.
pub fn message(field: Field) -> String {
    format!("wz-{}-msg", field.key())
}
