//! What the person runs and does with a setup: the ways to deploy the template, the GitHub
//! secrets to add, the steps that check the first run, and the plain words around them.

pub mod deploy;
pub mod notices;
pub mod resources;
pub mod run;
pub mod secrets;
pub mod verify;
pub mod watching;

pub use notices::{notices, Notice};
pub use resources::{resource_notes, ResourceNote};
pub use secrets::{complete_entries, gh_script, secret_entries, SecretEntry, SecretValue, ROLE_ARN_PLACEHOLDER};
pub use verify::{steps, troubleshooting, Step, Trouble};
