//! Where the setup's names came from, for the doctor to say at the top of its output: the role
//! secret, the table secret or region variable, the table and its region, each with the
//! workflow files (and lines) that read it, or upstream's files when nothing was read.

use crate::core::links::workflows_dir;
use crate::core::setup::choices::{SecretPreset, UPSTREAM_REVISION, UPSTREAM_TABLE_REGION};
use crate::core::setup::field::{shown, Field};
use crate::core::setup::SecretKind;
use crate::core::setup::Setup;
use crate::core::workflows::findings::RegionSource;
use crate::core::workflows::read::TABLE_SCRIPT;
use crate::core::workflows::{Findings, Followed, Origin};

/// Upstream's workflows that read the role secret at [`UPSTREAM_REVISION`]: `ci.yml` (report
/// and release jobs) and the reusable `r_publish.yml` it calls (the publish job).
pub const UPSTREAM_ROLE_FILES: [&str; 2] = [UPSTREAM_REGION_FILE, concat!(workflows_dir!(), "/r_publish.yml")];

/// Upstream's workflow that reads the region variable and passes the table's region
/// (`dynamodb-region`) at [`UPSTREAM_REVISION`].
pub const UPSTREAM_REGION_FILE: &str = concat!(workflows_dir!(), "/ci.yml");

/// Places listed per name at most; the rest are counted. A fork's workflows can read one name
/// in many places, and the line must stay readable.
const MAX_PLACES: usize = 6;

/// The longest text kept from a name or a place read from the fork.
const MAX_TEXT: usize = 200;

/// One name the doctor checks, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The field of the setup.
    pub field: Field,
    /// The setup's value, as a person reads it (`(none)` for a name not used).
    pub value: String,
    /// Where it came from: the places that read it, or why there is none.
    pub from: String,
}

/// Where the setup's names came from: the fork's files read, or upstream's assumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources {
    /// What was read, in a sentence.
    pub summary: String,
    /// One line per name, in the order the doctor prints them.
    pub names: Vec<Source>,
}

/// The fields whose names the doctor reports: the table secret and the region variable only
/// when the setup has one or a workflow said it has none.
const FIELDS: [Field; 5] = [Field::RoleSecret, Field::TableSecret, Field::RegionVariable, Field::Table, Field::Region];

fn value_of(setup: &Setup, field: Field) -> Option<String> {
    let names = &setup.secrets;
    match field {
        Field::RoleSecret => Some(names.role_secret.to_string()),
        Field::TableSecret => names.table_secret.as_ref().map(ToString::to_string),
        Field::RegionVariable => names.region_variable.as_ref().map(ToString::to_string),
        Field::Table => Some(setup.table.to_string()),
        Field::Region => Some(setup.region.to_string()),
        _ => None,
    }
}

/// What upstream's workflows at [`UPSTREAM_REVISION`] use for `field`, and the files that say so.
fn upstream(field: Field) -> Option<(&'static str, Vec<&'static str>)> {
    let preset = SecretPreset::Upstream;
    match field {
        Field::RoleSecret => Some((preset.role_secret(), UPSTREAM_ROLE_FILES.to_vec())),
        Field::RegionVariable => preset.region_variable().map(|name| (name, vec![UPSTREAM_REGION_FILE])),
        Field::Table => Some((preset.table(), vec![TABLE_SCRIPT])),
        Field::Region => Some((UPSTREAM_TABLE_REGION, vec![UPSTREAM_REGION_FILE])),
        _ => None,
    }
}

fn assumed(files: &[&str]) -> String {
    let origins: Vec<String> = files
        .iter()
        .map(|path| Origin::Assumed { path: path.to_string(), revision: UPSTREAM_REVISION.to_string() }.to_string())
        .collect();
    origins.join(", ")
}

/// The name as a person reads it in one line: control characters replaced, at most
/// [`MAX_TEXT`] characters.
fn clean(text: &str) -> String {
    let mut out: String = text.chars().map(|c| if c.is_control() { '?' } else { c }).take(MAX_TEXT).collect();
    if text.chars().count() > MAX_TEXT {
        out.push('…');
    }
    out
}

fn places(origins: &[Origin]) -> String {
    let mut listed: Vec<String> = origins.iter().take(MAX_PLACES).map(|o| clean(&o.to_string())).collect();
    if origins.len() > MAX_PLACES {
        listed.push(format!("and {} more", origins.len() - MAX_PLACES));
    }
    listed.join(", ")
}

/// Where `findings` read `value` for `field`, for a value that following left as it was.
fn found(findings: &Findings, field: Field, value: &str) -> Vec<Origin> {
    let read = |kind: SecretKind| -> Vec<Origin> {
        findings
            .reads
            .iter()
            .filter(|r| r.kind == kind && r.name == value)
            .map(|r| Origin::File(r.at.clone()))
            .collect()
    };
    match field {
        Field::RoleSecret | Field::TableSecret => read(SecretKind::Secret),
        Field::RegionVariable => read(SecretKind::Variable),
        Field::Table => findings.table_names.iter().filter(|v| v.value == value).map(|v| v.from.clone()).collect(),
        Field::Region => findings
            .table_regions
            .iter()
            .filter(|v| matches!(&v.value, RegionSource::Literal { value: region } if region == value))
            .map(|v| v.from.clone())
            .collect(),
        _ => Vec::new(),
    }
}

impl Sources {
    /// Nothing was read from the fork: the setup describes upstream's workflows at
    /// [`UPSTREAM_REVISION`], so each name is upstream's files' where it agrees with them, and
    /// a warning where the setup holds another name.
    pub fn assumed(setup: &Setup) -> Sources {
        let names = FIELDS
            .into_iter()
            .filter_map(|field| {
                let value = value_of(setup, field);
                let from = match (upstream(field), &value) {
                    (Some((theirs, files)), Some(value)) if theirs == value => assumed(&files),
                    (Some((theirs, files)), _) => format!(
                        "not upstream's: its workflows use {theirs} ({}); make the fork's workflows use this setup's, or read them (--checkout DIR, or the wizard)",
                        assumed(&files)
                    ),
                    (None, Some(_)) => format!(
                        "set for this setup; upstream's workflows at {UPSTREAM_REVISION} read no such name"
                    ),
                    (None, None) => return None,
                };
                Some(Source { field, value: shown(value.as_deref().unwrap_or_default()).to_string(), from })
            })
            .collect();
        Sources {
            summary: format!(
                "Nothing was read from the fork, so the setup assumes upstream's workflows at {UPSTREAM_REVISION} (to follow the fork's own: ocelot-setup doctor --checkout DIR, or the wizard's reading)"
            ),
            names,
        }
    }

    /// The fork's files were read and followed: each name with the places that read it. A name
    /// changed after the reading says what the workflows read instead.
    /// When no step of the files read assumes a role and following changed nothing, the names
    /// are upstream's, as when nothing was read.
    pub fn read(setup: &Setup, findings: &Findings, followed: &Followed) -> Sources {
        let mut files: Vec<String> = findings.workflows.iter().take(MAX_PLACES).map(|p| clean(p)).collect();
        if findings.workflows.len() > MAX_PLACES {
            files.push(format!("and {} more", findings.workflows.len() - MAX_PLACES));
        }
        let files = if files.is_empty() { "no workflow file".to_string() } else { files.join(", ") };
        if findings.credentials.is_empty() && followed.changes.is_empty() {
            return Sources {
                summary: format!(
                    "The fork's files ({files}) assume no AWS role, so the setup assumes upstream's workflows at {UPSTREAM_REVISION}"
                ),
                names: Sources::assumed(setup).names,
            };
        }
        let names = FIELDS
            .into_iter()
            .filter_map(|field| {
                let value = value_of(setup, field);
                let change = followed.changes.iter().rev().find(|c| c.field == field);
                let shown_value = shown(value.as_deref().unwrap_or_default()).to_string();
                let from = match (change, &value) {
                    (Some(change), value) if shown(&change.value) != shown(value.as_deref().unwrap_or_default()) => {
                        format!(
                            "set by hand after the reading; the workflows read {} ({})",
                            clean(shown(&change.value)),
                            places_or(&change.from, &change.why)
                        )
                    }
                    (Some(change), _) => places_or(&change.from, &change.why),
                    (None, None) => return None,
                    (None, Some(value)) => {
                        let origins = found(findings, field, value);
                        if origins.is_empty() {
                            "the setup's own value: no file read names it".to_string()
                        } else {
                            places(&origins)
                        }
                    }
                };
                Some(Source { field, value: clean(&shown_value), from })
            })
            .collect();
        Sources { summary: format!("The setup followed the fork's files ({files})"), names }
    }

    /// The lines the doctor prints: the summary, then one line per name.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![format!("{}:", self.summary)];
        lines.extend(self.names.iter().map(|s| format!("  {} {}: {}", label(s.field), s.value, s.from)));
        lines
    }
}

/// How the doctor names a field's value.
fn label(field: Field) -> &'static str {
    match field {
        Field::RoleSecret => "role secret",
        Field::TableSecret => "table secret",
        Field::RegionVariable => "region variable",
        Field::Table => "table",
        Field::Region => "table region",
        other => other.label(),
    }
}

fn places_or(origins: &[Origin], why: &str) -> String {
    if origins.is_empty() {
        clean(why)
    } else {
        places(origins)
    }
}
