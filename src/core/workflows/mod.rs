//! Reading a fork's GitHub workflows: which secrets, variables, regions, environments and
//! table the workflows really use, so the setup can match them.
//!
//! One pure entry point, [`inspect`]: workflow texts in, [`Findings`] out. [`follow`] applies
//! findings to a [`SetupInput`](crate::core::setup::SetupInput). The CLI reads the files from
//! a checkout; the wizard from the GitHub API.

mod analyse;
mod calls;
pub mod dispatch;
pub mod expr;
pub mod findings;
pub mod follow;
pub mod followed;
mod guard;
pub mod model;
pub mod pipeline;
pub mod positions;
pub mod read;
pub mod report;
mod shape;

pub use analyse::inspect;
pub use findings::{Findings, Location, Origin};
pub use follow::follow;
pub use followed::{Change, Choice, Conflict, Followed};
pub use pipeline::{read_by, read_fork, unnamed_roles, Reading};
pub use read::{Notice, SourceFile};
