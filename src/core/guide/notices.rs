//! Warnings about a valid setup: choices that are allowed but likely to bite.

use crate::core::setup::choices::{UPSTREAM_REVISION, UPSTREAM_TABLE_REGION};
use crate::core::setup::sub_claim::{read_command, reset_command};
use crate::core::setup::{Field, SecretPreset, Setup, TrustScope};
use crate::core::template::subjects::trusted_subjects;

/// Something a person should know about a valid setup before deploying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The field the notice is about.
    pub field: Field,
    /// What to know, and what to do about it.
    pub text: String,
}

/// Warnings about choices that are valid but likely to bite.
pub fn notices(setup: &Setup) -> Vec<Notice> {
    let mut notices = Vec::new();
    notices.extend(sub_claim_notice(setup));
    if setup.ids.is_none() && form_unknown(setup) {
        notices.push(Notice {
            field: Field::OwnerId,
            text: format!(
                "without the numeric ids the role trusts only name-form subjects (repo:{}:...); forks created, renamed or transferred after 2026-07-15 present repo:OWNER@ID/REPO@ID and would be refused. check the fork on GitHub, or give the owner id and the repository id",
                setup.fork
            ),
        });
    }
    match setup.secrets.preset {
        SecretPreset::Seed => notices.push(Notice {
            field: Field::Preset,
            text: format!(
                "the setup page's names: no workflow of {UPSTREAM_REVISION} reads them (it reads the secret {} and the variable {}, and writes the table {}); keep them only if your fork's workflows were changed to read them, or the first run is refused or records nothing",
                SecretPreset::Upstream.role_secret(),
                SecretPreset::Upstream.region_variable().unwrap_or_default(),
                SecretPreset::Upstream.table()
            ),
        }),
        SecretPreset::Upstream if setup.table.as_str() != SecretPreset::Upstream.table() => notices.push(Notice {
            field: Field::Table,
            text: format!(
                "upstream's publisher writes to a table named {}; with \"{}\" it will not find the table unless you change tools/scripts/otel_layer_utils/dynamodb_utils.py in the fork",
                SecretPreset::Upstream.table(),
                setup.table
            ),
        }),
        SecretPreset::Upstream => {}
    }
    if setup.secrets.preset == SecretPreset::Upstream && setup.region.code() != UPSTREAM_TABLE_REGION {
        notices.push(Notice {
            field: Field::Region,
            text: format!(
                "upstream's publisher writes to its table in {UPSTREAM_TABLE_REGION} (the `dynamodb-region` of ci.yml), whatever {} says; with the table in {} its writes are denied, recorded as FAILED_OTHER, and the run still shows green. deploy the stack in {UPSTREAM_TABLE_REGION}, or change `dynamodb-region` in the fork's ci.yml to {}",
                setup.secrets.region_variable.as_ref().map_or("the region variable", |v| v.as_str()),
                setup.region,
                setup.region
            ),
        });
    }
    notices
}

/// Whether the fork's tokens may spell it by id without the role knowing the ids: GitHub's
/// answer did not say which form they take, and the subjects spell the fork (`repo`).
fn form_unknown(setup: &Setup) -> bool {
    let Some(claim) = &setup.sub_claim else { return true };
    let spells_fork = claim.custom_keys().is_none_or(|keys| keys.iter().any(|k| k.as_str() == "repo"));
    claim.prefix.is_none() && claim.immutable != Some(true) && spells_fork
}

/// What the pasted subject claim template makes the role trust.
fn sub_claim_notice(setup: &Setup) -> Option<Notice> {
    let claim = setup.sub_claim.as_ref()?;
    let fork = setup.fork.to_string();
    let trusted = trusted_subjects(setup).join(" or ");
    let text = match (claim.custom_keys(), &claim.prefix) {
        (Some(keys), _) => {
            let keys: Vec<&str> = keys.iter().map(|k| k.as_str()).collect();
            let has = |key: &str| keys.contains(&key);
            let blind = match (&setup.scope, has("context"), has("ref")) {
                (TrustScope::Environment(_), _, _) | (_, true, _) => "",
                (TrustScope::AnyRef, false, false) => "; with neither context nor ref among the keys it cannot tell pull request runs and jobs in an environment from others, so it trusts them too",
                _ => "; without context among the keys it cannot tell jobs in an environment from others, so it trusts them too",
            };
            format!(
                "the fork uses a customised subject claim template ({}), so the role trusts the subject {trusted}, where * stands for values this setup cannot know{blind}; to use GitHub's default template instead, run {} and paste the new answer of {}",
                keys.join(", "),
                reset_command(&fork),
                read_command(&fork)
            )
        }
        (None, Some(prefix)) => format!(
            "the role trusts exactly the subject prefix GitHub gave, {prefix} (subjects {trusted}); if the fork is renamed or transferred, or switches to immutable subjects, paste the new answer of {} and update the stack",
            read_command(&fork)
        ),
        (None, None) => return None,
    };
    Some(Notice { field: Field::SubClaim, text })
}

#[cfg(test)]
mod tests {
    use super::notices;
    use crate::core::setup::{Field, SecretPreset, Setup, SetupInput};

    fn region_notice(preset: SecretPreset, region: &str) -> Option<String> {
        let input = SetupInput { preset, region: region.into(), ..SetupInput::for_fork("octocat/ocelot") };
        notices(&Setup::from_input(&input).unwrap()).into_iter().find(|n| n.field == Field::Region).map(|n| n.text)
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
