//! Proof that a deployed setup works, and how to change or remove it: the doctor script
//! that checks a deployment read-only, and the update and teardown commands.

pub mod doctor;
mod role;
mod script;
pub mod teardown;
pub mod workflow;
