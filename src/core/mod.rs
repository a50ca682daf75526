//! The pure core: validated setup, CloudFormation template, deploy instructions and the
//! secrets guide. No web, CLI or I/O dependency.

pub mod aws;
pub mod cfn;
pub mod checks;
pub mod deploy;
pub mod error;
pub mod field;
pub mod github;
pub mod guide;
pub mod json;
pub mod names;
pub mod query;
pub mod setup;
pub mod shell;
pub mod template;
pub mod yaml;
