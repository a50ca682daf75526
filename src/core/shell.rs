//! Quoting for bash, so every value in an emitted command stays one word.

use std::borrow::Cow;

/// `value` as one bash word: unchanged when it holds only characters bash never
/// interprets, else in single quotes (a `'` inside is written `'\''`).
pub fn quote(value: &str) -> Cow<'_, str> {
    let plain = !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c));
    if plain {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(format!("'{}'", value.replace('\'', r"'\''")))
    }
}

/// `words` as one bash command line, each quoted as needed.
pub fn join<S: AsRef<str>>(words: &[S]) -> String {
    words.iter().map(|w| quote(w.as_ref()).into_owned()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_bash_would_read() {
        assert_eq!(quote("us-east-1"), "us-east-1");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("$(rm -rf /)"), "'$(rm -rf /)'");
        assert_eq!(quote("a\nb"), "'a\nb'");
    }
}
