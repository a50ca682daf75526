//! The pure core: no web, CLI or I/O dependency. Grouped by job:
//! - [`setup`]: what a person asks for, raw ([`setup::SetupInput`]) and validated ([`setup::Setup`]);
//! - [`template`]: the CloudFormation template, one file per section;
//! - [`guide`]: what the person runs and does: deploy commands, the GitHub secrets, the steps;
//! - [`checks`]: proving a setup works: the doctor, the check workflow, the diagnosis of errors;
//! - [`workflows`]: what the fork's own workflows read, and the setup that follows them;
//! - [`github`]: what is read from GitHub's public API;
//! - [`worker_protocol`]: what the wizard's page and its worker say to each other;
//! - [`links`], [`shell`], [`percent`], [`oidc`] and [`text`]: URLs, shell words, percent-encoding,
//!   GitHub's OIDC names and counts in sentences, shared by the others;
//! - [`site`]: the names of the site's files that Trunk does not hash.

pub mod checks;
pub mod github;
pub mod guide;
pub mod links;
pub mod oidc;
pub mod percent;
pub mod setup;
pub mod shell;
pub mod site;
pub mod template;
pub mod text;
pub mod worker_protocol;
pub mod workflows;
