//! Workflow text is untrusted: what following sets must still pass validation, and every
//! option offered to the user must be one the setup accepts.

use crate::core::setup::field::{shown, Field};
use crate::core::setup::{Setup, SetupInput};

use super::followed::{Choice, Conflict, Followed};

/// The secret-name fields, which `secret_names` in setup.rs checks together with the preset.
const NAME_FIELDS: [Field; 4] = [Field::Preset, Field::RoleSecret, Field::TableSecret, Field::RegionVariable];

/// Workflow text is untrusted: a value the setup refuses (a secret named `GITHUB_X`, a
/// region that does not exist) goes back to the input's value and becomes a conflict, so
/// following never makes an input invalid that was valid before.
pub(super) fn keep_valid(original: &SetupInput, f: &mut Followed) {
    let refused = |input: &SetupInput| match Setup::from_input(input) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.0,
    };
    let before: Vec<Field> = refused(original).iter().map(|e| e.field).collect();
    for error in refused(&f.input).into_iter().filter(|e| !before.contains(&e.field)) {
        let fields =
            if NAME_FIELDS.contains(&error.field) { &NAME_FIELDS[..] } else { std::slice::from_ref(&error.field) };
        let mut options = Vec::new();
        for field in fields {
            f.input.set_value(*field, original.value(*field).as_deref().unwrap_or_default());
            options.extend(f.changes.iter().filter(|c| c.field == *field).map(|c| Choice {
                value: c.value.clone(),
                why: format!("what the workflows give for {}; the setup refuses it", field.flag()),
                from: c.from.clone(),
            }));
            f.changes.retain(|c| c.field != *field);
        }
        let kept = original.value(error.field).unwrap_or_default();
        options.insert(0, Choice { value: kept, why: "the setup's own value, kept".into(), from: Vec::new() });
        f.conflicts.push(Conflict {
            field: error.field,
            question: format!("the workflows' value cannot be used: {}", error.message),
            options,
            chosen: 0,
        });
    }
}

/// Keeps the options of each conflict that the setup accepts, applied to the followed input;
/// a conflict left with fewer than two options has nothing to decide and becomes a note.
/// `chosen` is the option the input holds.
pub(super) fn offer_only_valid(f: &mut Followed) {
    let refused = |input: &SetupInput| -> Vec<Field> {
        Setup::from_input(input).err().map(|e| e.0.iter().map(|e| e.field).collect()).unwrap_or_default()
    };
    let before = refused(&f.input);
    let accepted = |field, value: &str| {
        let mut probe = f.input.clone();
        probe.set_value(field, value);
        refused(&probe).iter().all(|field| before.contains(field))
    };
    let mut kept = Vec::new();
    for mut conflict in std::mem::take(&mut f.conflicts) {
        conflict.options.retain(|o| accepted(conflict.field, &o.value));
        if conflict.options.len() < 2 {
            let using = held(&f.input, conflict.field);
            f.notes.push(format!("{}: {}; the setup uses {using}", conflict.field.label(), conflict.question));
            continue;
        }
        conflict.chosen = conflict
            .options
            .iter()
            .position(|o| {
                let mut probe = f.input.clone();
                probe.set_value(conflict.field, &o.value);
                probe == f.input
            })
            .unwrap_or(0);
        if !kept.iter().any(|c: &Conflict| c.field == conflict.field && c.question == conflict.question) {
            kept.push(conflict);
        }
    }
    f.conflicts = kept;
}

/// The value `field` holds in `input` as a person reads it: the default a blank stands for,
/// `(none)` for a name not used.
fn held(input: &SetupInput, field: Field) -> String {
    match input.value(field) {
        Some(value) => shown(&value).to_string(),
        None => field.default_text(input.preset).unwrap_or("(none)").to_string(),
    }
}
