//! The site's names that its build, its bench and the wizard share: the files that keep their
//! names (Trunk hashes only the wizard's own module's), and what the bench times.

/// The early paint's Cargo bin (`src/ui/early.rs`): index.html's head script imports
/// `{EARLY_BIN}.js` and fetches `{EARLY_BIN}_bg.wasm` for a URL with setup state only
/// (scripts/postbuild.py writes it, with their integrity and a version in their URLs).
pub const EARLY_BIN: &str = "ocelot-setup-early";

/// The Element Timing identifier (`elementtiming`) of the first line of the preview's template,
/// the early paint's and the wizard's: Chromium reports when the template was first painted
/// under it, and `make bench` reads that (its floors carry it too).
pub const TEMPLATE_TIMING: &str = "ocelot-setup:template";
