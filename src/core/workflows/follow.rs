//! Applying findings to a setup input: the setup uses the names and values the fork's
//! workflows really read, says where each came from, and lists what the user must decide.

use crate::core::setup::defaults;
use crate::core::setup::field::{Field, LIST_SEPARATOR, NOT_USED};
use crate::core::setup::values::LayerPrefix;
use crate::core::setup::Choice as _;
use crate::core::setup::SecretKind;
use crate::core::setup::{LayerSharing, ScopeInput, ScopeKind, SecretPreset, SetupInput};
use crate::core::text::counted;

use super::findings::{Findings, Origin, RegionSource};
use super::followed::{Change, Choice, Conflict, Followed};

/// Values with the places they were read, in order of first appearance.
type Grouped = Vec<(String, Vec<Origin>)>;

fn group(items: impl IntoIterator<Item = (String, Origin)>) -> Grouped {
    let mut out: Grouped = Vec::new();
    for (value, from) in items {
        match out.iter_mut().find(|(v, _)| *v == value) {
            Some((_, froms)) if !froms.contains(&from) => froms.push(from),
            Some(_) => {}
            None => out.push((value, vec![from])),
        }
    }
    out
}

impl Followed {
    fn set(&mut self, field: Field, value: &str, from: &[Origin], why: String) {
        if self.input.value(field).as_deref().unwrap_or_default() != value {
            self.input.set_value(field, value);
            self.changes.push(Change { field, value: value.to_string(), from: from.to_vec(), why });
        }
    }

    /// Records a choice among several values read, the most-read first and applied.
    fn choose(&mut self, field: Field, question: String, values: &Grouped, why: &str) {
        let options = values
            .iter()
            .map(|(value, from)| Choice {
                value: value.clone(),
                why: format!("{why} ({})", counted(from.len(), "place", "places")),
                from: from.clone(),
            })
            .collect();
        self.conflicts.push(Conflict { field, question, options, chosen: 0 });
    }
}

/// Applies `findings` to `input`. Nothing changes when no workflow assumes a role.
pub fn follow(findings: &Findings, input: &SetupInput) -> Followed {
    let mut f = Followed { input: input.clone(), changes: Vec::new(), conflicts: Vec::new(), notes: Vec::new() };
    if findings.credentials.is_empty() {
        return f;
    }
    role_secret(findings, &mut f);
    preset(findings, &mut f);
    table(findings, &mut f);
    region(findings, &mut f);
    scope(findings, &mut f);
    layer_prefix(findings, &mut f);
    sharing(findings, &mut f);
    super::guard::keep_valid(input, &mut f);
    super::guard::offer_only_valid(&mut f);
    f
}

/// Every role secret a role-assuming step needs is listed: a step's first secret is the one it
/// needs (`A || B` falls back to B), so jobs that name their own secrets give several names,
/// all to hold the same ARN. A fallback is an option, offered when one name is needed.
fn role_secret(findings: &Findings, f: &mut Followed) {
    let secrets = |c: &'_ super::findings::Credential| {
        c.role.iter().filter(|r| r.kind == SecretKind::Secret).cloned().collect::<Vec<_>>()
    };
    let mut needed = group(
        findings.credentials.iter().filter_map(|c| secrets(c).into_iter().next()).map(|r| (r.name, Origin::File(r.at))),
    );
    needed.sort_by_key(|(_, from)| std::cmp::Reverse(from.len()));
    let fallbacks = group(
        findings
            .credentials
            .iter()
            .flat_map(|c| secrets(c).into_iter().skip(1))
            .filter(|r| !needed.iter().any(|(name, _)| *name == r.name))
            .map(|r| (r.name, Origin::File(r.at))),
    );
    let Some((first, _)) = needed.first().cloned() else { return };
    let names: Vec<&str> = needed.iter().map(|(name, _)| name.as_str()).collect();
    let from: Vec<Origin> = needed.iter().flat_map(|(_, from)| from.clone()).collect();
    let why = match names.len() {
        1 => "the secret the workflows assume the role with".to_string(),
        n => format!("the {n} secrets the workflows assume the role with, one job or another; each holds the role ARN"),
    };
    f.set(Field::RoleSecret, &names.join(&LIST_SEPARATOR.to_string()), &from, why);
    if names.len() == 1 && !fallbacks.is_empty() {
        let mut options = vec![needed[0].clone()];
        options.extend(fallbacks);
        f.choose(
            Field::RoleSecret,
            format!("the step that reads {first} falls back to another secret when it is empty; the setup lists one"),
            &options,
            "the secret read",
        );
    }
    let docs = SecretPreset::Seed.role_secret();
    if !names.contains(&docs) {
        f.notes.push(format!(
            "the setup page names the role secret {docs}, but no workflow reads it: the setup lists {}, which the workflows read",
            names.join(", ")
        ));
    }
}

/// The preset follows from what holds the table: a table secret (seed) or a built-in name
/// with a region variable (upstream); `secret_names` in setup.rs refuses the other field.
fn preset(findings: &Findings, f: &mut Followed) {
    let table_secret = group(
        findings
            .reads
            .iter()
            .filter(|r| r.kind == SecretKind::Secret && r.name.contains("TABLE"))
            .map(|r| (r.name.clone(), Origin::File(r.at.clone()))),
    );
    let credential_vars = findings.credentials.iter().filter_map(|c| match &c.region {
        RegionSource::Variable { name } => Some((name.clone(), Origin::File(c.at.clone()))),
        _ => None,
    });
    let table_vars = findings.table_regions.iter().filter_map(|v| match &v.value {
        RegionSource::Variable { name } => Some((name.clone(), v.from.clone())),
        _ => None,
    });
    let region_vars = group(table_vars.chain(credential_vars));
    set_preset(f, if table_secret.is_empty() { SecretPreset::Upstream } else { SecretPreset::Seed });
    follow_names(f, &table_secret, &region_vars);
    let docs_table = SecretPreset::Seed.table_secret().unwrap_or_default();
    if table_secret.first().is_none_or(|(name, _)| name != docs_table) {
        f.notes.push(format!("the setup page names the table secret {docs_table}, but no workflow reads it"));
    }
}

/// The preset the workflows' reads imply, with its reason.
fn set_preset(f: &mut Followed, preset: SecretPreset) {
    if f.input.preset == preset {
        return;
    }
    let why = match preset {
        SecretPreset::Seed => "the workflows read the table name from a secret",
        SecretPreset::Upstream => "the workflows read no table secret: the table name is built in",
    };
    f.changes.push(Change { field: Field::Preset, value: preset.as_str().into(), from: Vec::new(), why: why.into() });
    f.input.preset = preset;
}

/// The table secret and the region variable the workflows read (a choice when several are),
/// or neither listed when none is read.
fn follow_names(f: &mut Followed, table_secret: &Grouped, region_vars: &Grouped) {
    let names = [
        (
            Field::TableSecret,
            table_secret,
            [
                "the secret the workflows read the table name from",
                "the workflows read the table name from several secrets",
                "the secret read",
                "no workflow reads a table secret",
            ],
        ),
        (
            Field::RegionVariable,
            region_vars,
            [
                "the variable the workflows read the table's region from",
                "the workflows read the region from several variables",
                "the variable read",
                "no workflow reads a region variable",
            ],
        ),
    ];
    for (field, found, [why, several, option, none]) in names {
        match found.first() {
            Some((name, from)) => {
                f.set(field, name, from, why.into());
                if found.len() > 1 {
                    f.choose(field, several.into(), found, option);
                }
            }
            None => not_used(f, field, none),
        }
    }
}

/// Drops an optional name no workflow reads: blank when the preset has none, else
/// [`NOT_USED`], so that no output lists it.
fn not_used(f: &mut Followed, field: Field, why: &str) {
    let value = if field.default_text(f.input.preset).is_some() { NOT_USED } else { "" };
    f.set(field, value, &[], why.into());
}

fn table(findings: &Findings, f: &mut Followed) {
    let names = group(findings.table_names.iter().map(|v| (v.value.clone(), v.from.clone())));
    let script_first = names.iter().position(|(_, from)| {
        from.iter()
            .any(|o| matches!(o, Origin::File(at) if at.path.ends_with(".py")) || matches!(o, Origin::Assumed { .. }))
    });
    let Some(index) = script_first.or((!names.is_empty()).then_some(0)) else { return };
    let (name, from) = names[index].clone();
    if names.len() > 1 {
        let mut ordered = names.clone();
        ordered.swap(0, index);
        f.choose(
            Field::Table,
            "the workflows and the table script name different tables; the publisher writes to the script's".into(),
            &ordered,
            "the table named",
        );
    }
    let why = if f.input.preset == SecretPreset::Seed {
        "the table the publisher writes to, whatever the table secret holds".to_string()
    } else {
        "the table the publisher writes to".to_string()
    };
    f.set(Field::Table, &name, &from, why);
}

fn region(findings: &Findings, f: &mut Followed) {
    let literals = group(findings.table_regions.iter().filter_map(|v| match &v.value {
        RegionSource::Literal { value } => Some((value.clone(), v.from.clone())),
        _ => None,
    }));
    if let Some((value, from)) = literals.first() {
        if literals.len() > 1 {
            f.choose(
                Field::Region,
                "the workflows put the table in several regions".into(),
                &literals,
                "the table region written",
            );
        }
        f.set(
            Field::Region,
            value,
            from,
            "the table's region (dynamodb-region), where the stack must create it".into(),
        );
    }
    let region = f.input.text_or_default(Field::Region).unwrap_or(defaults::REGION).trim().to_string();
    // Every other reader of the table must ask the table's region: a report or release-notes
    // job that asks another is denied, and upstream's tools still exit 0.
    for reader in &findings.table_region_readers {
        if let RegionSource::Literal { value } = &reader.region.value {
            if *value != region {
                f.notes.push(format!(
                    "job {} reads the table in {value} ({}), but the table is in {region}: its queries fail while the run stays green; set that step's aws-region to {region}",
                    reader.job, reader.region.from
                ));
            }
        }
    }
    for choice in &findings.publish_regions {
        let offered: Vec<&String> = choice.value.options.iter().filter(|o| *o != "all").collect();
        if offered.is_empty() || offered.iter().any(|o| **o == region) {
            continue;
        }
        f.conflicts.push(Conflict {
            field: Field::Region,
            question: format!("the publish workflow's input {} does not offer {region}", choice.value.input),
            options: vec![
                Choice {
                    value: region.clone(),
                    why: format!("keep {region}: add it to the input's options to publish layers there"),
                    from: Vec::new(),
                },
                Choice {
                    value: offered[0].clone(),
                    why: format!(
                        "a region the input offers: {}",
                        offered.iter().map(|o| o.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                    from: vec![choice.from.clone()],
                },
            ],
            chosen: 0,
        });
    }
}

/// Every role-assuming job's subject is trusted: the jobs without an environment by the
/// scope (any ref), those in an environment by theirs, all in one condition.
fn scope(findings: &Findings, f: &mut Followed) {
    let with_env =
        group(findings.credentials.iter().filter_map(|c| Some((c.environment.clone()?, Origin::File(c.at.clone())))));
    let without = findings.credentials.iter().filter(|c| c.environment.is_none()).count();
    if with_env.is_empty() {
        return;
    }
    let names: Vec<&str> = with_env.iter().map(|(env, _)| env.as_str()).collect();
    let mut scope = match without {
        0 => ScopeInput::new(ScopeKind::Environment, names[0]),
        _ => ScopeInput::default(),
    };
    scope.also = names[usize::from(without == 0)..].iter().map(|n| n.to_string()).collect();
    let from: Vec<Origin> = with_env.iter().flat_map(|(_, from)| from.clone()).collect();
    let why = match without {
        0 if names.len() == 1 => format!("every job that assumes the role runs in environment {}, so its token's subject is ...:environment:{}", names[0], names[0]),
        0 => format!("the jobs that assume the role run in environments {}; the role trusts each", names.join(", ")),
        n => format!(
            "{} that assume the role run in no environment (subject ...:ref:...) and others in {}; the role trusts both",
            counted(n, "job", "jobs"),
            names.join(", ")
        ),
    };
    f.set(Field::Scope, &scope.to_arg(), &from, why);
}

fn layer_prefix(findings: &Findings, f: &mut Followed) {
    let prefixes = group(findings.layer_prefixes.iter().map(|v| (v.value.clone(), v.from.clone())));
    let Some((prefix, from)) = prefixes.first() else { return };
    if prefixes.len() > 1 {
        f.choose(
            Field::LayerPrefix,
            "the workflows publish layers under several prefixes; the role allows one".into(),
            &prefixes,
            "the layer-name prefix",
        );
    }
    match LayerPrefix::parse(prefix) {
        Ok(_) => {
            f.set(Field::LayerPrefix, prefix, from, "the layer-name prefix the publisher is given (layer-name)".into())
        }
        Err(refusal) => f.conflicts.push(Conflict {
            field: Field::LayerPrefix,
            question: format!("the workflows' layer-name {prefix:?} is not a valid prefix: {refusal}"),
            options: vec![Choice {
                value: f.input.layer_prefix.clone(),
                why: "keep the setup's prefix and change layer-name in the workflow".into(),
                from: from.clone(),
            }],
            chosen: 0,
        }),
    }
}

fn sharing(findings: &Findings, f: &mut Followed) {
    let Some(public) = findings.set_to_public.iter().find(|v| v.value) else { return };
    if f.input.sharing == LayerSharing::Private {
        f.conflicts.push(Conflict {
            field: Field::PublicLayers,
            question: "the publish workflow makes layers public by default, but the role may not".into(),
            options: vec![
                Choice {
                    value: "private".into(),
                    why: "keep layers private; run the workflow with -f set-to-public=false".into(),
                    from: Vec::new(),
                },
                Choice {
                    value: "public".into(),
                    why: "let the role make layers public, as the workflow's default does".into(),
                    from: vec![public.from.clone()],
                },
            ],
            chosen: 0,
        });
    }
}
