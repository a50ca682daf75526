//! The site's names that its build, its bench and the wizard share: the files that keep their
//! names (Trunk hashes only the wizard's own module's), and what the bench times.

/// The early paint's Cargo bin (`src/ui/early.rs`): index.html's head script imports
/// `{EARLY_BIN}.js` and fetches `{EARLY_BIN}_bg.wasm` for a URL with setup state that keeps the
/// header, on a wide screen ([`WIDE_LAYOUT`]) only (scripts/postbuild.py writes it, with their
/// integrity and a version in their URLs).
pub const EARLY_BIN: &str = "ocelot-setup-early";

/// The Element Timing identifier (`elementtiming`) of the first line of the preview's template,
/// the early paint's and the wizard's: Chromium reports when the template was first painted
/// under it, and `make bench` reads that (its floors carry it too).
pub const TEMPLATE_TIMING: &str = "ocelot-setup:template";

/// The media query from which the preview stands beside the step, in the first screen, rather
/// than under it: style/main.css lays the page out by it, and index.html's head script fetches
/// the early paint only there (below, the template is below the fold until the wizard runs).
pub const WIDE_LAYOUT: &str = "(min-width: 1000px)";

#[cfg(test)]
mod tests {
    use super::WIDE_LAYOUT;

    #[test]
    fn the_stylesheet_lays_the_page_out_by_the_wide_layout_query() {
        let css = include_str!("../../style/main.css");
        let widths: Vec<&str> = css
            .match_indices("@media (min-width:")
            .map(|(at, _)| &css[at + "@media ".len()..at + css[at..].find(')').unwrap_or(0) + 1])
            .collect();
        assert!(widths.len() >= 2, "the layout and the early paint's rules: {widths:?}");
        assert!(widths.iter().all(|w| *w == WIDE_LAYOUT), "every min-width query is {WIDE_LAYOUT}: {widths:?}");
    }
}
