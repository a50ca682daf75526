//! Checks that a deployed setup works: a workflow the fork runs once, which shows its OIDC
//! token's claims and tries the role ([`first_run`]), and the diagnosis of error text a
//! person pastes ([`diagnose`]). Both read what the role trusts and grants from the same
//! template the setup deploys ([`subjects`], [`grants`]).

mod access;
pub mod diagnose;
pub mod first_run;
pub mod grants;
pub mod subjects;
