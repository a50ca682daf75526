//! The declaration of the fields: names that must not repeat, and each field's own rule
//! agreeing with what `Setup::from_input` refuses.

use std::collections::BTreeSet;

use super::*;
use crate::core::setup::{Setup, SetupInput};

#[test]
fn flags_keys_and_parameter_names_are_each_declared_once() {
    let distinct = |names: Vec<&str>| names.len() == names.iter().collect::<BTreeSet<_>>().len();
    assert!(distinct(Field::ALL.iter().map(|f| f.long()).collect()));
    assert!(distinct(Field::ALL.iter().map(|f| f.key()).collect()));
    assert!(distinct(Field::ALL.iter().map(|f| f.label()).collect()));
    assert!(distinct(Field::ALL.iter().flat_map(|f| f.parameters()).map(|p| p.name).collect()));
    for &field in Field::ALL {
        assert_eq!(Field::from_key(field.key()), Some(field));
    }
}

#[test]
fn each_field_is_refused_by_its_declared_rule_with_the_same_words() {
    let long = "x".repeat(300);
    let samples = ["*", "a b", "-x-", "x-", "0", "1234", "{", "GITHUB_X", "http://x", long.as_str()];
    let mut checked = 0;
    // The probe has no place in Setup: a real field adds its validated value there, which
    // Setup::from_input parses with the rule the field declares.
    for &field in Field::ALL.iter().filter(|f| **f != Field::Probe) {
        for sample in samples {
            let Err(refusal) = field.apply_rule(sample) else { continue };
            let mut input = SetupInput::for_fork("octocat/ocelot");
            // The ids come in pairs: the other one valid, so only the sample is refused.
            input.owner_id = "583231".into();
            input.repo_id = "1296269".into();
            *input.text_mut(field).expect("a field with a rule holds text") = sample.to_string();
            let errors = Setup::from_input(&input).expect_err("the rule refuses the sample");
            let error = errors.get(field).unwrap_or_else(|| panic!("{field:?} {sample:?} not refused: {errors}"));
            assert_eq!(error.message, refusal, "{field:?} {sample:?}");
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} refusals compared");
}
