//! trust tests.
