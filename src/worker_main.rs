//! `ocelot-setup-worker`: the wizard's Web Worker, built by Trunk beside the page
//! (`index.html`), which starts it once a fork is typed. It reads the fork and writes the check
//! workflow, so the page's first module goes without serde_yaml (see `ui::worker`).

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    ocelot_setup::ui::worker::serve::serve();
}

/// The worker has no native form: the CLI does its jobs itself.
#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!("error: ocelot-setup-worker runs only in the browser, started by the wizard; use ocelot-setup");
    std::process::ExitCode::from(2)
}
