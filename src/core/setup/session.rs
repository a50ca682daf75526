//! The role's maximum session duration: the bounds IAM puts on it, and its validation.

use crate::core::setup::values::{Quoted, Refusal};

/// The bounds IAM puts on a role's session, in seconds, as literals for `concat!`.
macro_rules! session_seconds {
    (min) => {
        3600
    };
    (max) => {
        43200
    };
}
pub(crate) use session_seconds;

/// The role's maximum session duration, in seconds (IAM allows one to twelve hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SessionDuration(u32);

impl SessionDuration {
    /// The shortest duration IAM accepts: one hour.
    pub const MIN: u32 = session_seconds!(min);
    /// The longest duration IAM accepts: twelve hours.
    pub const MAX: u32 = session_seconds!(max);

    /// Parses a number of seconds between [`Self::MIN`] and [`Self::MAX`].
    pub fn parse(value: &str) -> Result<Self, Refusal> {
        let value = value.trim();
        let value_q = Quoted(value);
        let refusal = || {
            format!(
                "{value_q} is not a duration IAM accepts; give seconds from {min} (1 hour) to {} (12 hours), e.g. {min}",
                Self::MAX,
                min = Self::MIN,
            )
        };
        let seconds: u32 = value.parse().map_err(|_| refusal())?;
        if !(Self::MIN..=Self::MAX).contains(&seconds) {
            return Err(refusal());
        }
        Ok(SessionDuration(seconds))
    }

    /// The duration in seconds.
    pub fn seconds(self) -> u32 {
        self.0
    }
}

impl Default for SessionDuration {
    fn default() -> Self {
        SessionDuration(Self::MIN)
    }
}
