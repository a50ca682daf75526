//! The core and the CLI, tested through their public surface. One binary, one module per feature.
#![cfg(not(target_arch = "wasm32"))]

mod cli;
mod deploy;
mod doctor;
mod doctor_moto;
mod json;
mod lint;
mod moto;
mod properties;
mod snapshots;
mod support;
mod trust;
mod validation;
mod workflows;
