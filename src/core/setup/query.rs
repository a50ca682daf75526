//! The wizard's URL query: every input as `key=value`, keys from [`Field::key`], so a link
//! restores the whole setup. Only fields that differ from their defaults are written.

use crate::core::guide::deploy::percent_encode;
use crate::core::setup::field::Field;
use crate::core::setup::{CleanupPermission, LayerSharing, ProviderChoice, SecretPreset, SetupInput};

fn choice_value(input: &SetupInput, field: Field) -> Option<&'static str> {
    Some(match field {
        Field::Provider => match input.provider {
            ProviderChoice::Create => return None,
            ProviderChoice::Reuse => "reuse",
        },
        Field::PublicLayers => match input.sharing {
            LayerSharing::Public => return None,
            LayerSharing::Private => "private",
        },
        Field::Cleanup => match input.cleanup {
            CleanupPermission::Denied => return None,
            CleanupPermission::Allowed => "allowed",
        },
        Field::Preset => match input.preset {
            SecretPreset::Seed => return None,
            SecretPreset::Upstream => "upstream",
        },
        _ => return None,
    })
}

impl SetupInput {
    /// The `(key, value)` pairs of the fields that are not at their defaults.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        Field::ALL
            .into_iter()
            .filter_map(|field| match self.text(field) {
                Some(text) => (!text.is_empty()).then(|| (field.key(), text.to_string())),
                None => choice_value(self, field).map(|v| (field.key(), v.to_string())),
            })
            .collect()
    }

    /// Sets the fields named by `pairs`; unknown keys and unknown choice values are ignored
    /// (a link from a newer version still opens).
    pub fn apply_query<'a>(&mut self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) {
        for (key, value) in pairs {
            let Some(field) = Field::from_key(key) else { continue };
            if let Some(text) = self.text_mut(field) {
                *text = value.to_string();
                continue;
            }
            match (field, value) {
                (Field::Provider, "reuse") => self.provider = ProviderChoice::Reuse,
                (Field::Provider, "create") => self.provider = ProviderChoice::Create,
                (Field::PublicLayers, "private") => self.sharing = LayerSharing::Private,
                (Field::PublicLayers, "public") => self.sharing = LayerSharing::Public,
                (Field::Cleanup, "allowed") => self.cleanup = CleanupPermission::Allowed,
                (Field::Cleanup, "denied") => self.cleanup = CleanupPermission::Denied,
                (Field::Preset, "upstream") => self.preset = SecretPreset::Upstream,
                (Field::Preset, "seed") => self.preset = SecretPreset::Seed,
                _ => {}
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

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
                continue;
            }
            (b'+', _) => out.push(b' '),
            (byte, _) => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_survives_the_query() {
        let mut input = SetupInput::for_fork("octocat/ocelot");
        for field in Field::ALL {
            if let Some(text) = input.text_mut(field) {
                *text = format!("{} value & = ?", field.key());
            }
        }
        input.provider = ProviderChoice::Reuse;
        input.sharing = LayerSharing::Private;
        input.cleanup = CleanupPermission::Allowed;
        input.preset = SecretPreset::Upstream;
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
    fn defaults_write_nothing() {
        assert!(SetupInput::default().to_query().is_empty());
    }
}
