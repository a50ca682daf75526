//! Proof that a deployed setup works, and how to change or remove it: the doctor script that
//! checks a deployment read-only ([`doctor`]), a workflow the fork runs once, which shows its
//! OIDC token's claims and tries the role ([`first_run`]), the diagnosis of error text a
//! person pastes ([`diagnose`]), and the update and teardown commands ([`teardown`]). What
//! the role trusts and grants comes from the lists the template is built from ([`subjects`],
//! [`grants`]).

pub mod diagnose;
pub mod doctor;
pub mod first_run;
mod fork_side;
pub mod grants;
mod role;
mod script;
pub mod sources;
pub mod subjects;
pub mod table;
pub mod teardown;
pub mod workflow;
