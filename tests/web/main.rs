//! Browser component tests: the wizard mounted in headless Chromium, driven through its DOM
//! the way a person drives it (type, click, choose), one module per step.
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test web` (see scripts/env.sh).
#![cfg(target_arch = "wasm32")]

mod deploy;
mod early;
mod fork;
mod navigation;
mod options;
mod preview;
mod secrets;
mod support;
mod verify;
mod watch;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
