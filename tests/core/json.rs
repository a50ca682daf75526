//! The core's JSON reader (`core::github::json`, which the wizard uses instead of serde_json to read
//! GitHub's answer) agrees with serde_json: on GitHub's recorded answers, on any JSON value, and
//! on which one-character edits of a JSON text are still JSON.

use std::path::Path;

use ocelot_setup::core::github::json::{self, Value};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value as Serde;

/// serde_json's value in the reader's terms (numbers as serde_json writes them).
fn from_serde(value: &Serde) -> Value {
    match value {
        Serde::Null => Value::Null,
        Serde::Bool(b) => Value::Bool(*b),
        Serde::Number(n) => Value::Number(n.to_string()),
        Serde::String(s) => Value::String(s.clone()),
        Serde::Array(items) => Value::Array(items.iter().map(from_serde).collect()),
        Serde::Object(members) => Value::Object(members.iter().map(|(k, v)| (k.clone(), from_serde(v))).collect()),
    }
}

fn body(fixture: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/fixtures").join(fixture);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (_, body) = text.split_once("\n\n").or_else(|| text.split_once("\r\n\r\n")).expect("headers, then a body");
    body.to_string()
}

#[test]
fn github_answers_read_as_serde_json_reads_them() {
    for fixture in ["fork-of-ocelot.http", "not-a-fork.http", "not-found.http", "rate-limited.http"] {
        let text = body(fixture);
        let expected: Serde = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{fixture}: {e}"));
        assert_eq!(json::parse(&text).unwrap(), from_serde(&expected), "{fixture}");
    }
}

fn any_json() -> impl Strategy<Value = Serde> {
    let leaf = prop_oneof![
        Just(Serde::Null),
        any::<bool>().prop_map(Serde::Bool),
        any::<u64>().prop_map(Serde::from),
        any::<i64>().prop_map(Serde::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Serde::from),
        any::<String>().prop_map(Serde::String),
        "[\"\\\\/\\u{0}-\\u{1f}\\u{7f}é😀a-z]{0,8}".prop_map(Serde::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Serde::Array),
            prop::collection::vec(("[a-z_\"\\\\]{0,6}", inner), 0..6)
                .prop_map(|members| Serde::Object(members.into_iter().collect())),
        ]
    })
}

fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    Config { cases, failure_persistence: None, ..Config::default() }
}

/// Characters whose insertion or replacement can make or break JSON.
const EDITS: &[char] =
    &['{', '}', '[', ']', ',', ':', '"', '\\', 'u', '0', '9', '-', '.', 'e', ' ', '\n', 'x', '\u{1}'];

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_value_reads_back_the_same(value in any_json(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) }.unwrap();
        prop_assert_eq!(json::parse(&text).unwrap(), from_serde(&value));
    }

    #[test]
    fn an_edited_text_is_json_for_both_or_for_neither(
        value in any_json(),
        at in any::<prop::sample::Index>(),
        edit in 0..3usize,
        with in prop::sample::select(EDITS),
    ) {
        let text = serde_json::to_string(&value).unwrap();
        let mut chars: Vec<char> = text.chars().collect();
        let i = at.index(chars.len() + 1);
        match edit {
            0 if i < chars.len() => { chars.remove(i); }
            1 if i < chars.len() => chars[i] = with,
            _ => chars.insert(i, with),
        }
        let edited: String = chars.into_iter().collect();
        let theirs = serde_json::from_str::<Serde>(&edited);
        // serde_json turns numbers into f64 and refuses those out of its range; the reader keeps
        // the digits. Its nesting limit is one level lower. Neither is a question of syntax.
        if let Err(e) = &theirs {
            let message = e.to_string();
            prop_assume!(!message.contains("number out of range") && !message.contains("recursion limit"));
        }
        let ours = json::parse(&edited);
        prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}: ours {:?}, serde_json {:?}", edited, ours, theirs);
        if let (Ok(ours), Ok(theirs)) = (&ours, &theirs) {
            prop_assert!(same(ours, theirs), "{:?}: ours {:?}, serde_json {:?}", edited, ours, theirs);
        }
    }
}

/// The same value, numbers compared by what they are worth (serde_json writes `1e5` as
/// `100000.0`, and its float parsing may differ in the last bit).
fn same(ours: &Value, theirs: &Serde) -> bool {
    match (ours, theirs) {
        (Value::Number(text), Serde::Number(n)) => {
            let (a, b) = (text.parse::<f64>().unwrap(), n.as_f64().unwrap());
            a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
        }
        (Value::Array(a), Serde::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)),
        (Value::Object(a), Serde::Object(b)) => {
            // serde_json keeps the last of repeated keys in the first one's place; compare lookups.
            b.iter().all(|(k, v)| ours.get(k).is_some_and(|x| same(x, v))) && a.iter().all(|(k, _)| b.contains_key(k))
        }
        (ours, theirs) => *ours == from_serde(theirs),
    }
}
