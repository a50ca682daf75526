//! The site's files that keep their names: Trunk hashes only the wizard's own module's.

/// The early paint's Cargo bin (`src/ui/early.rs`): index.html's head script imports
/// `{EARLY_BIN}.js` and fetches `{EARLY_BIN}_bg.wasm` for a URL with setup state only
/// (scripts/postbuild.py writes it, with their integrity and a version in their URLs).
pub const EARLY_BIN: &str = "ocelot-setup-early";
