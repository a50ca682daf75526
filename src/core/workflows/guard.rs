//! Workflow text is untrusted: what following sets must still pass validation.

use crate::core::setup::field::Field;
use crate::core::setup::{Setup, SetupInput};

use super::follow::{Choice, Conflict, Followed};

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
