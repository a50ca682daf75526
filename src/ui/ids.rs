//! DOM ids, declared once for the UI and its tests.

use crate::core::setup::field::Field;

/// The host element the wizard mounts into when the page has one.
pub const HOST: &str = "ocelot-setup";
/// The main column.
pub const MAIN: &str = "wz-main";
/// The template preview.
pub const PREVIEW: &str = "wz-preview";

/// The id of a field's input.
pub fn input(field: Field) -> String {
    format!("wz-{}", field.key())
}

/// The id of a field's message.
pub fn message(field: Field) -> String {
    format!("wz-{}-msg", field.key())
}
