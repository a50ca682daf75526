//! Proof that a deployed setup works, and how to change or remove it: the doctor script that
//! checks a deployment read-only ([`doctor`]), the check workflow the fork runs once, which
//! shows its OIDC token's claims and tries the role ([`check_workflow`]), the diagnosis of error
//! text a person pastes or a watched run reports ([`diagnose`]), and the update and teardown
//! commands ([`teardown`]). What the role grants comes from the list the template is built from
//! ([`grants`]); what it trusts, from the template's subjects
//! ([`crate::core::template::subjects`]).

mod bash;
pub mod check_workflow;
pub mod diagnose;
pub mod doctor;
pub mod grants;
pub mod teardown;
