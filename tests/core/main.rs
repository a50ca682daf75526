//! The core and the CLI, tested through their public surface. One binary, one module per feature.
#![cfg(not(target_arch = "wasm32"))]

mod cli;
mod deploy;
mod diagnose;
mod first_run;
mod json;
mod lint;
mod properties;
mod snapshots;
mod sub_claim;
mod sub_claim_cli;
mod support;
mod trust;
mod validation;
mod workflows;
