//! GitHub Actions expressions, as far as the inspection needs them: which contexts
//! (`secrets.X`, `vars.X`, `inputs.X`, `matrix.X`) a value reads, in the dotted form or the
//! index form (`secrets['X']`).

use std::ops::Range;

/// A context an expression reads a name from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// `secrets.NAME`.
    Secrets,
    /// `vars.NAME`.
    Vars,
    /// `inputs.NAME` or `github.event.inputs.NAME`.
    Inputs,
    /// `matrix.NAME`.
    Matrix,
}

/// The contexts by the text before the name (without the `.` or `[`).
const CONTEXTS: [(&str, Context); 5] = [
    ("github.event.inputs", Context::Inputs),
    ("secrets", Context::Secrets),
    ("vars", Context::Vars),
    ("inputs", Context::Inputs),
    ("matrix", Context::Matrix),
];

/// One `context.NAME` or `context['NAME']` and the bytes it spans.
struct Found {
    context: Context,
    name: String,
    span: Range<usize>,
}

/// Whether `byte` may be part of an identifier in an expression. Names hold `-` like
/// `inputs.aws-region` or a `workflow_call` secret `secrets.publisher-role`: there is no
/// subtraction in GitHub's expressions, so a `-` never ends a name.
fn name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

/// The name after a context at `start`: `.NAME`, or `['NAME']` / `["NAME"]` with spaces
/// allowed inside the brackets. Returns the name and where it ends.
fn name_at(text: &str, start: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    match bytes.get(start)? {
        b'.' => {
            let from = start + 1;
            let end = from + bytes[from..].iter().take_while(|b| name_byte(**b)).count();
            (end > from).then(|| (text[from..end].to_string(), end))
        }
        b'[' => {
            let spaces = |at: usize| at + bytes[at..].iter().take_while(|b| **b == b' ').count();
            let open = spaces(start + 1);
            let quote = *bytes.get(open).filter(|q| **q == b'\'' || **q == b'"')?;
            let from = open + 1;
            let len = bytes[from..].iter().position(|b| *b == quote)?;
            let name = &text[from..from + len];
            let close = spaces(from + len + 1);
            (bytes.get(close) == Some(&b']') && !name.is_empty() && name.bytes().all(name_byte))
                .then(|| (name.to_string(), close + 1))
        }
        _ => None,
    }
}

/// Every reference in `text`, in order. A context counts only at the start of a word
/// (`mysecrets.X` is not read, and `github.event.inputs.X`'s inner `inputs` not twice).
fn scan(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !(name_byte(bytes[i - 1]) || bytes[i - 1] == b'.');
        let hit = starts_word
            .then(|| {
                CONTEXTS.iter().find_map(|(prefix, context)| {
                    let after = i + prefix.len();
                    bytes[i..]
                        .starts_with(prefix.as_bytes())
                        .then(|| name_at(text, after))
                        .flatten()
                        .map(|(name, end)| Found { context: *context, name, span: i..end })
                })
            })
            .flatten();
        match hit {
            Some(reference) => {
                i = reference.span.end;
                found.push(reference);
            }
            None => i += 1,
        }
    }
    found
}

/// Every `context.NAME` and `context['NAME']` in `text`, in order.
pub fn references(text: &str) -> Vec<(Context, String)> {
    scan(text).into_iter().map(|f| (f.context, f.name)).collect()
}

/// Whether `text` holds an expression (`${{ ... }}`); without one it is a literal.
pub fn is_expression(text: &str) -> bool {
    text.contains("${{")
}

/// The single reference `text` consists of (`${{ vars.X }}`, `${{ secrets['X'] }}`), if
/// that is all it is.
pub fn sole_reference(text: &str) -> Option<(Context, String)> {
    let inner = text.trim().strip_prefix("${{")?.strip_suffix("}}")?.trim();
    match scan(inner).as_slice() {
        [only] if only.span == (0..inner.len()) => Some((only.context, only.name.clone())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_whole_in_both_forms() {
        let text = "${{ secrets.publisher-role || secrets['MY_ROLE'] || secrets[ \"B\" ] || vars['V-1'] }}";
        assert_eq!(
            references(text),
            [
                (Context::Secrets, "publisher-role".to_string()),
                (Context::Secrets, "MY_ROLE".to_string()),
                (Context::Secrets, "B".to_string()),
                (Context::Vars, "V-1".to_string()),
            ]
        );
        assert_eq!(references("github.event.inputs['aws-region']"), [(Context::Inputs, "aws-region".to_string())]);
        assert_eq!(
            references("mysecrets.X secrets.Y.z vars[X] secrets[format('{0}', 'A')]"),
            [(Context::Secrets, "Y".to_string())]
        );
    }

    #[test]
    fn a_sole_reference_is_the_whole_expression() {
        assert_eq!(sole_reference("${{ secrets['MY_ROLE'] }}"), Some((Context::Secrets, "MY_ROLE".into())));
        assert_eq!(sole_reference(" ${{secrets.publisher-role}} "), Some((Context::Secrets, "publisher-role".into())));
        for text in [
            "${{ secrets.A || secrets.B }}",
            "${{ format('arn:{0}', secrets.A) }}",
            "${{ env.ROLE }}",
            "arn:aws:iam::1:role/x",
            "${{ secrets.A }}-suffix",
            "${{ !secrets.A }}",
        ] {
            assert_eq!(sole_reference(text), None, "{text}");
        }
    }
}
