//! The core and the CLI, tested through their public surface. One binary, one module per feature.

mod cli;
mod deploy;
mod lint;
mod properties;
mod snapshots;
mod support;
mod trust;
mod validation;
