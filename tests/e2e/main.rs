#![cfg(not(target_arch = "wasm32"))]
//! End-to-end: the release build of the wizard (dist/) in headless Chromium, driven through
//! Debian's chromedriver the way a person uses it, against a recorded GitHub API.
//! Needs `trunk build --release` first (`make test` does it) and chromedriver
//! (`bash scripts/setup.sh`).

mod a11y;
mod browser;
mod by_default;
#[path = "../support/chromedriver.rs"]
mod chromedriver;
mod deploy;
mod docs_site;
mod embed;
mod first_paint;
mod fork;
mod github_stub;
mod http;
mod keyboard;
mod locked_down;
mod options;
mod page;
mod runs_stub;
mod screenshots;
mod secrets;
mod server;
mod split;
mod watch;
mod workflows;

use ocelot_setup::core::setup::ScopeInput;
use ocelot_setup::core::setup::{CleanupPermission, ProviderChoice, SecretPreset, SetupInput};

/// The fork the recorded GitHub knows, as the check leaves it: GitHub's spelling, both ids.
pub fn checked_fork() -> SetupInput {
    SetupInput { owner_id: "583231".into(), repo_id: "1296269".into(), ..SetupInput::for_fork("OctoCat/ocelot") }
}

/// [`checked_fork`] with the options the options test picks: branch main, the account's
/// provider, cleanup allowed, the setup page's names.
pub fn chosen_options() -> SetupInput {
    SetupInput {
        scope: ScopeInput::parse("branch:main").unwrap(),
        provider: ProviderChoice::Reuse,
        cleanup: CleanupPermission::Allowed,
        preset: SecretPreset::Seed,
        ..checked_fork()
    }
}
