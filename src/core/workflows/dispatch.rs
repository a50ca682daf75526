//! The workflows a user runs by hand: a `workflow_dispatch` workflow that reaches a
//! role-assuming step, with every input `gh workflow run FILE -f name=value` can set.

use super::findings::{
    Dispatch, DispatchInput, Findings, InputType, Location, Origin, Problem, RegionChoice, Valued,
    MAX_DESCRIPTION_CHARS,
};
use super::model::{Input, Lenient};
use super::read::Parsed;
use super::shape::{event_at, place, triggers};

/// Records `parsed` as a dispatch workflow when a run reaches `jobs` (role-assuming jobs),
/// and from its inputs the publish regions and whether layers go public by default.
pub(super) fn dispatch(parsed: &Parsed, jobs: Vec<String>, found: &mut Findings) {
    if jobs.is_empty() || !triggers(&parsed.workflow).contains(&"workflow_dispatch") {
        return;
    }
    let at = event_at(parsed, "workflow_dispatch");
    let declared = parsed.workflow.on.as_ref().and_then(Lenient::ok).and_then(|on| on.settings("workflow_dispatch"));
    let mut inputs = Vec::new();
    for (name, input) in declared.map(|d| &d.inputs).into_iter().flatten() {
        let input = input.as_ref().and_then(Lenient::ok).cloned().unwrap_or_default();
        let input_at = place(parsed, &["on", "workflow_dispatch", "inputs", name]);
        let kind = match input.kind() {
            None => InputType::Text,
            Some(written) => written.parse().unwrap_or_else(|refusal| {
                found.problems.push(Problem {
                    at: input_at.clone(),
                    text: format!("input {name}: {refusal}; GitHub does not start the workflow with it"),
                });
                InputType::Text
            }),
        };
        inputs.push(DispatchInput {
            name: name.clone(),
            kind,
            required: input.required(),
            options: input.options(),
            default: input.default(),
            description: input.description().map(|d| capped(&d)),
            at: input_at,
        });
        values(name, &input, &inputs[inputs.len() - 1].at, found);
    }
    inputs.sort_by(|a, b| a.at.cmp(&b.at));
    found.dispatches.push(Dispatch { path: parsed.path.clone(), at, inputs, jobs });
}

/// Whether a dispatch input chooses where layers are published (`aws-region`; not the table's
/// `dynamodb-region`).
pub fn is_publish_region(name: &str) -> bool {
    name.contains("region") && !name.contains("dynamodb")
}

/// Whether a dispatch input makes the layers public (upstream's `set-to-public`).
pub fn is_make_public(name: &str) -> bool {
    name == "set-to-public" || name == "make-public"
}

/// The dispatch inputs that choose the publish region or make layers public.
fn values(name: &str, input: &Input, at: &Location, found: &mut Findings) {
    let from = Origin::File(at.clone());
    if is_publish_region(name) {
        let value = RegionChoice { input: name.to_string(), options: input.options(), default: input.default() };
        found.publish_regions.push(Valued { value, from });
    } else if is_make_public(name) {
        if let Some(default) = input.default() {
            found.set_to_public.push(Valued { value: default == "true", from });
        }
    }
}

/// A description on one line, cut to [`MAX_DESCRIPTION_CHARS`] characters.
fn capped(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(MAX_DESCRIPTION_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}
