//! Findings and followed changes in plain text, for the CLI (and any other text reader).

use std::fmt::Write;

use crate::core::setup::field::shown;
use crate::core::setup::Choice as _;

use super::findings::{Credential, Dispatch, Findings, IdToken, Origin};
use super::followed::{Choice, Followed};
use super::shape::CREDENTIALS_ACTION;

fn origins(from: &[Origin]) -> String {
    from.iter().map(Origin::to_string).collect::<Vec<_>>().join(", ")
}

/// The findings as a text report, one section per kind of finding.
pub fn findings_text(found: &Findings) -> String {
    let mut out = String::new();
    let mut section = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            let _ = writeln!(out, "{title}:");
            lines.iter().for_each(|line| {
                let _ = writeln!(out, "  {line}");
            });
            out.push('\n');
        }
    };
    let read = if found.workflows.is_empty() { vec!["(none)".to_string()] } else { found.workflows.clone() };
    section("Workflows read", read);
    section("Steps that assume an AWS role", found.credentials.iter().map(credentials_text).collect());
    section(
        "Where the role ARN is read",
        found
            .role_names()
            .iter()
            .map(|r| format!("{} {}: by {}", r.kind.as_str(), r.name, r.jobs.join(", ")))
            .collect(),
    );
    section("Workflows to run by hand (workflow_dispatch)", found.dispatches.iter().map(dispatch_text).collect());
    section(
        "Secrets and variables read",
        found.reads.iter().map(|r| format!("{} {}: {}", r.kind.as_str(), r.name, r.at)).collect(),
    );
    section(
        "Jobs in a deployment environment",
        found
            .environments
            .iter()
            .map(|e| {
                let role = if e.assumes_role { "assumes the role" } else { "assumes no AWS role" };
                format!("{} in {} ({}): {role}", e.job, e.name, e.at)
            })
            .collect(),
    );
    section("Values the setup must match", values_text(found));
    section("Problems", found.problems.iter().map(|p| format!("{}: {}", p.at, p.text)).collect());
    section("Files skipped", found.notices.iter().map(|n| format!("{}: {}", n.path, n.text)).collect());
    if found.credentials.is_empty() {
        let _ = writeln!(out, "No step assumes an AWS role ({CREDENTIALS_ACTION}); the setup keeps its own names.");
    }
    out
}

/// A step that assumes a role: where, the role's names, its region and token permission, the
/// calls that reach it, its environment and audience.
fn credentials_text(c: &Credential) -> String {
    let role = c.role.iter().map(|r| format!("{} {} ({})", r.kind.as_str(), r.name, r.at)).collect::<Vec<_>>();
    let mut role = if role.is_empty() { "(no secret or variable)".to_string() } else { role.join(" or ") };
    if let Some(unnamed) = &c.role_unnamed {
        let _ = write!(role, "; NOT ONE NAME: {:?} ({})", unnamed.value, unnamed.from);
    }
    let id_token = match c.id_token {
        IdToken::Write => "write",
        IdToken::Missing => "MISSING",
        IdToken::RepositoryDefault => "the repository's default",
    };
    let mut text =
        format!("{} at {}\n    role from: {role}\n    region:    {}\n    id-token:  {id_token}", c.job, c.at, c.region);
    if !c.calls.is_empty() {
        let calls = c.calls.iter().map(ToString::to_string).collect::<Vec<_>>();
        let _ = write!(text, "\n    called by: {}", calls.join(" -> "));
    }
    if let Some(env) = &c.environment {
        let _ = write!(text, "\n    environment: {env} (its tokens' subject is ...:environment:{env})");
    }
    if let Some(audience) = &c.audience {
        let _ = write!(text, "\n    audience:  {audience}");
    }
    text
}

/// A workflow to run by hand: its file, the jobs it reaches, and each input with its `-f`.
fn dispatch_text(d: &Dispatch) -> String {
    let mut text = format!("{} ({}), reaches {}", d.file(), d.at, d.jobs.join(", "));
    for input in &d.inputs {
        let _ = write!(text, "\n    -f {}: {}", input.name, input.kind);
        if input.required {
            text.push_str(", required");
        }
        if !input.options.is_empty() {
            let _ = write!(text, ", one of {}", input.options.join(", "));
        }
        if let Some(default) = &input.default {
            let _ = write!(text, ", default {default}");
        }
        let _ = write!(text, " (line {})", input.at.line);
        if let Some(description) = &input.description {
            let _ = write!(text, ": {description}");
        }
    }
    text
}

/// The values the setup must match: table names and regions, the regions the table is read
/// in, layer prefixes, publish regions and whether layers are public by default.
fn values_text(found: &Findings) -> Vec<String> {
    let mut values = Vec::new();
    values.extend(found.table_names.iter().map(|v| format!("table name: {} ({})", v.value, v.from)));
    values.extend(found.table_regions.iter().map(|v| format!("table region: {} ({})", v.value, v.from)));
    values.extend(found.table_region_readers.iter().map(|r| {
        format!("table read in region: {} by {} ({}; must be the table's region)", r.region.value, r.job, r.region.from)
    }));
    values.extend(found.layer_prefixes.iter().map(|v| format!("layer prefix: {} ({})", v.value, v.from)));
    values.extend(found.publish_regions.iter().map(|v| {
        let default = v.value.default.as_deref().map(|d| format!("; default {d}")).unwrap_or_default();
        format!("publish regions (input {}): {}{default} ({})", v.value.input, v.value.options.join(", "), v.from)
    }));
    values.extend(found.set_to_public.iter().map(|v| format!("layers public by default: {} ({})", v.value, v.from)));
    values
}

fn describe(choice: &Choice) -> String {
    let value = shown(&choice.value);
    match choice.from.as_slice() {
        [] => format!("{value}: {}", choice.why),
        from => format!("{value}: {} [{}]", choice.why, origins(from)),
    }
}

/// One line per change and per conflict, each starting with the field's CLI flag.
pub fn followed_notes(followed: &Followed) -> Vec<String> {
    let mut notes: Vec<String> = followed
        .changes
        .iter()
        .map(|c| {
            let value = if c.value.is_empty() { "cleared".to_string() } else { format!("set to {}", c.value) };
            let from = if c.from.is_empty() { String::new() } else { format!("; from {}", origins(&c.from)) };
            format!("{}: {value} by the workflows ({}{from})", c.field.flag(), c.why)
        })
        .collect();
    notes.extend(followed.conflicts.iter().map(|c| {
        let options = c.options.iter().map(describe).collect::<Vec<_>>().join("; or ");
        let chosen = c.options.get(c.chosen).map(|o| shown(&o.value)).unwrap_or("");
        format!("{}: {}. Using {chosen}. Options: {options}", c.field.flag(), c.question)
    }));
    notes.extend(followed.notes.iter().cloned());
    notes
}
