//! The core and the CLI, tested through their public surface. One binary, one module per feature.
#![cfg(not(target_arch = "wasm32"))]

mod check_workflow;
mod cli;
mod deploy;
mod diagnose;
mod doctor;
mod doctor_moto;
mod doctor_moto_fork;
mod doctor_sources;
mod inspect;
mod inspect_untrusted;
mod inspect_variants;
mod layers;
mod lint;
mod moto;
mod pipeline;
mod positions;
mod properties;
mod snapshots;
mod sub_claim;
mod sub_claim_cli;
mod support;
mod trust;
mod validation;
mod workflows;
