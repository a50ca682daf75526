//! ocelot-setup: everything a fork of dev7a/ocelot needs to publish Lambda layers into
//! its owner's AWS account, computed in plain Rust.
#![warn(missing_docs)]

pub mod core;
pub mod highlight;

#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(not(target_arch = "wasm32"))]
pub mod checkout;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
