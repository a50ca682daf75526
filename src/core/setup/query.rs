//! The wizard's URL query: every input as `key=value`, keys from [`Field::key`], so a link
//! restores the whole setup. Only fields that differ from their defaults are written.

use crate::core::percent::{percent_decode, percent_encode};
use crate::core::setup::declare::{Slot, SlotMut};
use crate::core::setup::{Field, ScopeInput, ScopeKind, SetupInput};

impl SetupInput {
    /// The value of `field` in its one string form, `None` when it is at its default (empty
    /// text, any ref, the default choice).
    pub fn value(&self, field: Field) -> Option<String> {
        match self.slot(field) {
            Slot::Scope(scope) => (scope.kind != ScopeKind::Any || !scope.also.is_empty()).then(|| scope.to_arg()),
            Slot::Choice(choice) => (!choice.is_default()).then(|| choice.text().to_string()),
            Slot::Text(text) => (!text.is_empty()).then(|| text.clone()),
        }
    }

    /// Sets `field` from its string form, empty meaning the default ([`SetupInput::value`]'s
    /// inverse); a value that is not one of a choice's is ignored, so a link from a newer
    /// version still opens.
    pub fn set_value(&mut self, field: Field, value: &str) {
        match self.slot_mut(field) {
            SlotMut::Scope(scope) => *scope = ScopeInput::parse(value).unwrap_or_default(),
            SlotMut::Choice(choice) => choice.set(value),
            SlotMut::Text(text) => *text = value.to_string(),
        }
    }

    /// The `(key, value)` pairs of the fields that are not at their defaults.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        Field::ALL.iter().filter_map(|&field| self.value(field).map(|v| (field.key(), v))).collect()
    }

    /// Sets the fields named by `pairs`; unknown keys and unknown choice values are ignored.
    pub fn apply_query<'a>(&mut self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) {
        for (key, value) in pairs {
            if let Some(field) = Field::from_key(key) {
                self.set_value(field, value);
            }
        }
    }
}

/// Splits a URL query (with or without the leading `?`) into decoded `(key, value)` pairs;
/// `+` is a space, `%XX` a byte, invalid UTF-8 replaced.
pub fn parse_query_string(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

/// The query string (without `?`) of `pairs`, each part percent-encoded.
pub fn to_query_string<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k.as_ref()), percent_encode(v.as_ref())))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::setup::{CleanupPermission, LayerSharing, ProviderChoice, SecretPreset};

    #[test]
    fn every_field_survives_the_query() {
        let mut input = SetupInput::for_fork("octocat/ocelot");
        for &field in Field::ALL {
            if let Some(text) = input.text_mut(field) {
                *text = format!("{} value & = ?", field.key());
            }
        }
        input.scope.kind = ScopeKind::Environment;
        input.provider = ProviderChoice::Reuse;
        input.sharing = LayerSharing::Private;
        input.cleanup = CleanupPermission::Allowed;
        input.preset = SecretPreset::Seed;
        let query = input.to_query();
        assert_eq!(query.len(), Field::ALL.len());
        let mut back = SetupInput::default();
        back.apply_query(query.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, input);
    }

    #[test]
    fn query_strings_round_trip() {
        let pairs = vec![("repo".to_string(), "a/b c&d=é%".to_string()), ("scope".to_string(), "".to_string())];
        assert_eq!(parse_query_string(&format!("?{}", to_query_string(&pairs))), pairs);
        assert_eq!(
            parse_query_string("a=1+2&b=%zz&c"),
            vec![("a".into(), "1 2".into()), ("b".into(), "%zz".into()), ("c".into(), "".into())]
        );
    }

    #[test]
    fn an_empty_value_sets_the_default_and_value_reads_back_what_set_value_wrote() {
        let mut input = SetupInput::for_fork("octocat/ocelot");
        for (field, value) in [(Field::Preset, "seed"), (Field::Scope, "branch:main"), (Field::Region, "eu-west-1")] {
            input.set_value(field, value);
            assert_eq!(input.value(field).as_deref(), Some(value));
            input.set_value(field, "");
            assert_eq!(input.value(field), None, "{field:?}");
        }
        input.set_value(Field::Preset, "seed");
        input.set_value(Field::Preset, "newer");
        assert_eq!(input.preset, SecretPreset::Seed, "an unknown choice is ignored");
    }

    #[test]
    fn defaults_write_nothing() {
        assert!(SetupInput::default().to_query().is_empty());
    }
}
