//! The defaults the wizard, the CLI and the template share. The names that depend on the
//! secret names preset are [`SecretPreset`](crate::core::setup::SecretPreset)'s; every field's
//! default is [`Field::default_text`](crate::core::setup::Field::default_text).

use crate::core::setup::choices::UPSTREAM_TABLE_REGION;
use crate::core::setup::session::session_seconds;

/// The region of the stack and the table: where upstream's publisher writes its table, so that
/// an upstream fork's first run finds it.
pub const REGION: &str = UPSTREAM_TABLE_REGION;
/// The CloudFormation stack name.
pub const STACK_NAME: &str = "ocelot-fork-setup";
/// The IAM role name.
pub const ROLE_NAME: &str = "ocelot-layer-publisher";
/// The layer-name prefix ocelot's tools use.
pub const LAYER_PREFIX: &str = "ocel";
/// The role's maximum session duration, in seconds: one hour, the least IAM allows.
pub const MAX_SESSION: &str = concat!(session_seconds!(min));
