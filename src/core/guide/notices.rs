//! Warnings about a valid setup: choices that are allowed but likely to bite.

use crate::core::setup::choices::UPSTREAM_TABLE_REGION;
use crate::core::setup::{Field, SecretPreset, Setup};

/// Something a person should know about a valid setup before deploying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The field the notice is about.
    pub field: Field,
    /// What to know, and what to do about it.
    pub text: String,
}

impl Setup {
    /// Warnings about choices that are valid but likely to bite.
    pub fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if self.ids.is_none() {
            notices.push(Notice {
                field: Field::OwnerId,
                text: format!(
                    "without the numeric ids the role trusts only name-form subjects (repo:{}:...); forks created, renamed or transferred after 2026-07-15 present repo:OWNER@ID/REPO@ID and would be refused. check the fork on GitHub, or give the owner id and the repository id",
                    self.fork
                ),
            });
        }
        match self.secrets.preset {
            SecretPreset::Seed => notices.push(Notice {
                field: Field::Preset,
                text: format!(
                    "upstream ocelot's workflows (2025-07) read the secret {} and the variable {}; if your fork's .github/workflows/r_publish.yml still does, choose the {} preset",
                    SecretPreset::Upstream.role_secret(),
                    SecretPreset::Upstream.region_variable().unwrap_or_default(),
                    SecretPreset::Upstream
                ),
            }),
            SecretPreset::Upstream if self.table.as_str() != SecretPreset::Upstream.table() => notices.push(Notice {
                field: Field::Table,
                text: format!(
                    "upstream's publisher writes to a table named {}; with \"{}\" it will not find the table unless you change tools/scripts/otel_layer_utils/dynamodb_utils.py in the fork",
                    SecretPreset::Upstream.table(),
                    self.table
                ),
            }),
            SecretPreset::Upstream => {}
        }
        if self.secrets.preset == SecretPreset::Upstream && self.region.code() != UPSTREAM_TABLE_REGION {
            notices.push(Notice {
                field: Field::Region,
                text: format!(
                    "upstream's publisher writes to its table in {UPSTREAM_TABLE_REGION} (the `dynamodb-region` of ci.yml), whatever {} says; with the table in {} its writes are denied, recorded as FAILED_OTHER, and the run still shows green. deploy the stack in {UPSTREAM_TABLE_REGION}, or change `dynamodb-region` in the fork's ci.yml to {}",
                    self.secrets.region_variable.as_ref().map_or("the region variable", |v| v.as_str()),
                    self.region,
                    self.region
                ),
            });
        }
        notices
    }
}

#[cfg(test)]
mod tests {
    use crate::core::setup::{Field, SecretPreset, Setup, SetupInput};

    fn region_notice(preset: SecretPreset, region: &str) -> Option<String> {
        let input = SetupInput { preset, region: region.into(), ..SetupInput::for_fork("octocat/ocelot") };
        Setup::from_input(&input).unwrap().notices().into_iter().find(|n| n.field == Field::Region).map(|n| n.text)
    }

    #[test]
    fn the_upstream_preset_warns_when_the_table_is_not_where_its_publisher_writes() {
        let warned = region_notice(SecretPreset::Upstream, "eu-west-1").expect("a notice");
        assert!(warned.contains("writes to its table in us-east-1"), "{warned}");
        assert!(warned.contains("FAILED_OTHER"), "{warned}");
        assert_eq!(region_notice(SecretPreset::Upstream, "us-east-1"), None);
        assert_eq!(region_notice(SecretPreset::Seed, "eu-west-1"), None);
    }
}
