//! Writing bash for the doctor and the teardown: texts with placeholders turned into bash
//! words, and the lines that report a check.

use crate::core::checks::grants::REGION;
use crate::core::shell;

/// The environment variable that makes the doctor check another region than the setup's.
pub const REGION_OVERRIDE: &str = "OCELOT_REGION";

// Shell variables the script's texts refer to. Written with `::`, like the AWS placeholders,
// so no setup value can hold one: only branch names may contain `$` and `{`, and never `:`.
pub(crate) const ROLE_ARN: &str = "${sh::role_arn}";

/// `text` as one bash word: its setup values quoted, its placeholders expanded from the
/// script's variables (`${AWS::Region}` from `$region`, `${AWS::AccountId}` from `$account`,
/// `${sh::NAME}` from `$NAME`).
pub(crate) fn word(text: &str) -> String {
    let mut out = String::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        literal.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('}');
        let variable = end.and_then(|end| match &rest[2..end] {
            "AWS::Region" => Some("region"),
            "AWS::AccountId" => Some("account"),
            name => name
                .strip_prefix("sh::")
                .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')),
        });
        match (variable, end) {
            (Some(variable), Some(end)) => {
                if !literal.is_empty() {
                    out.push_str(&shell::quote(&literal));
                    literal.clear();
                }
                out.push_str(&format!("\"${variable}\""));
                rest = &rest[end + 1..];
            }
            _ => {
                literal.push_str("${");
                rest = &rest[2..];
            }
        }
    }
    literal.push_str(rest);
    if !literal.is_empty() || out.is_empty() {
        out.push_str(&shell::quote(&literal));
    }
    out
}

/// A JMESPath query as one bash word: in double quotes when it holds JMESPath's single quotes
/// and nothing bash reads inside double quotes, else as [`shell::quote`] writes it.
pub(crate) fn query_word(query: &str) -> String {
    if query.contains('\'') && !query.contains(['"', '$', '`', '\\', '!']) {
        format!("\"{query}\"")
    } else {
        shell::quote(query).into_owned()
    }
}

/// An AWS CLI command for a fix, in the region the script checks.
pub(crate) fn aws(words: &[&str]) -> String {
    format!("aws {} --region {REGION}", shell::join(words))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_quote_values_and_expand_placeholders() {
        assert_eq!(word("plain"), "plain");
        assert_eq!(word(""), "''");
        assert_eq!(word("a b"), "'a b'");
        assert_eq!(word("in ${AWS::Region}"), "'in '\"$region\"");
        assert_eq!(word("arn:aws:iam::${AWS::AccountId}:role/r"), "arn:aws:iam::\"$account\":role/r");
        assert_eq!(word("${sh::out}${sh::why}"), "\"$out\"\"$why\"");
        assert_eq!(word("${HOME} $x 'q'"), "'${HOME} $x '\\''q'\\'''");
        assert_eq!(word("${unclosed"), "'${unclosed'");
        assert_eq!(word("${sh::} ${sh::A} ${sh::a}"), "'${sh::} ${sh::A} '\"$a\"");
    }
}
