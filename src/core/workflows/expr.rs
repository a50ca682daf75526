//! GitHub Actions expressions, as far as the inspection needs them: which contexts
//! (`secrets.X`, `vars.X`, `inputs.X`, `matrix.X`) a value reads.

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

const PREFIXES: [(&str, Context); 5] = [
    ("github.event.inputs.", Context::Inputs),
    ("secrets.", Context::Secrets),
    ("vars.", Context::Vars),
    ("inputs.", Context::Inputs),
    ("matrix.", Context::Matrix),
];

/// Every `context.NAME` in `text`, in order. A prefix counts only at the start of a word
/// (`mysecrets.X` and `github.event.inputs.X`'s inner `inputs.` are not read twice).
pub fn references(text: &str) -> Vec<(Context, String)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || b"_.-".contains(&bytes[i - 1]));
        let hit = starts_word
            .then(|| PREFIXES.iter().find(|(prefix, _)| bytes[i..].starts_with(prefix.as_bytes())))
            .flatten();
        let Some((prefix, context)) = hit else {
            i += 1;
            continue;
        };
        let start = i + prefix.len();
        // Secret and variable names are letters, digits and `_`; inputs and matrix keys may hold `-`.
        let allowed = |c: u8| {
            c.is_ascii_alphanumeric()
                || c == b'_'
                || (c == b'-' && matches!(context, Context::Inputs | Context::Matrix))
        };
        let end = start + bytes[start..].iter().take_while(|c| allowed(**c)).count();
        if end > start {
            found.push((*context, text[start..end].to_string()));
        }
        i = end.max(i + 1);
    }
    found
}

/// The names `text` reads from one context.
pub fn names_in(text: &str, context: Context) -> Vec<String> {
    references(text).into_iter().filter(|(c, _)| *c == context).map(|(_, name)| name).collect()
}

/// Whether `text` holds an expression (`${{ ... }}`); without one it is a literal.
pub fn is_expression(text: &str) -> bool {
    text.contains("${{")
}

/// The single reference `text` consists of (`${{ vars.X }}`), if that is all it is.
pub fn sole_reference(text: &str) -> Option<(Context, String)> {
    let inner = text.trim().strip_prefix("${{")?.strip_suffix("}}")?.trim();
    match references(inner).as_slice() {
        [(context, name)] if inner.ends_with(name.as_str()) && !inner.contains(' ') => Some((*context, name.clone())),
        _ => None,
    }
}
