//! The `Outputs` section: the values the GitHub secrets take.

use serde::Serialize;

use super::cfn::{Expr, Map};
use super::{ids, role::provider_arn, Plan};
use crate::core::setup::SecretPreset;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Output {
    description: String,
    value: Expr,
}

pub(super) fn outputs(plan: &Plan) -> Map<&'static str, Output> {
    let (role_use, table_use) = match plan.setup {
        Some(setup) => (
            format!("The role to assume: the value of the {} secret.", setup.secrets.role_secret),
            match &setup.secrets.table_secret {
                Some(secret) => format!("The layer-metadata table: the value of the {secret} secret."),
                None => "The layer-metadata table (the upstream workflows have its name built in).".to_string(),
            },
        ),
        None => (
            format!(
                "The role to assume: the value of the fork's role secret ({}, or {} for upstream's workflows).",
                SecretPreset::Seed.role_secret(),
                SecretPreset::Upstream.role_secret()
            ),
            format!(
                "The layer-metadata table: the value of the {} secret, where the workflows read one.",
                SecretPreset::Seed.table_secret().unwrap_or_default()
            ),
        ),
    };
    let mut o = Map::new();
    o.insert(
        ids::OUTPUT_ROLE_ARN,
        Output { description: role_use, value: Expr::GetAtt(ids::ROLE.to_string(), "Arn".to_string()) },
    );
    o.insert(ids::OUTPUT_TABLE_NAME, Output { description: table_use, value: Expr::reference(ids::TABLE) });
    o.insert(
        ids::OUTPUT_PROVIDER_ARN,
        Output { description: "The GitHub OIDC provider the role trusts.".to_string(), value: provider_arn(plan) },
    );
    o
}
