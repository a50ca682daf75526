//! `ocelot-setup-early`: the early paint, built by Trunk beside the wizard (`index.html`), which
//! loads it only for a URL with setup state: it shows that link's template from the page's static
//! copy before the wizard's own, larger wasm has arrived (see `ui::early`).

#[cfg(target_arch = "wasm32")]
fn main() {
    ocelot_setup::ui::early::paint();
}

/// The early paint has no native form: the CLI writes the template itself.
#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!("error: ocelot-setup-early runs only in the browser, loaded by the wizard's page; use ocelot-setup");
    std::process::ExitCode::from(2)
}
