//! Syntax colouring for the template preview: one YAML line into tokens, and the tokens into
//! runs, one DOM node each; and [`Splice`], where two versions of the template differ. Presentation
//! only: the text is kept whole, so the tokens of a line always concatenate back to it.

/// What a piece of a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// Indentation, `- ` markers, `:` separators.
    Punctuation,
    /// A `# comment`.
    Comment,
    /// A mapping key.
    Key,
    /// An intrinsic function key (`Fn::Sub`, `Ref`).
    Function,
    /// A quoted string.
    Quoted,
    /// A number or boolean.
    Literal,
    /// A plain scalar.
    Plain,
}

impl Token {
    /// The CSS class of the token.
    pub fn class(self) -> &'static str {
        match self {
            Token::Punctuation => "wz-tok-punct",
            Token::Comment => "wz-tok-comment",
            Token::Key => "wz-tok-key",
            Token::Function => "wz-tok-fn",
            Token::Quoted => "wz-tok-str",
            Token::Literal => "wz-tok-lit",
            Token::Plain => "wz-tok-plain",
        }
    }
}

/// The tokens of one line of the YAML the core emits.
pub fn yaml_line(line: &str) -> Vec<(Token, &str)> {
    let mut tokens = Vec::new();
    let body_start = line.len() - line.trim_start_matches([' ', '-']).len();
    let (lead, mut rest) = line.split_at(body_start);
    if !lead.is_empty() {
        tokens.push((Token::Punctuation, lead));
    }
    if rest.starts_with('#') {
        tokens.push((Token::Comment, rest));
        return tokens;
    }
    if let Some(colon) = key_end(rest) {
        let key = &rest[..colon];
        let kind = if key.starts_with("Fn::") || key == "Ref" { Token::Function } else { Token::Key };
        tokens.push((kind, key));
        tokens.push((Token::Punctuation, &rest[colon..colon + 1]));
        rest = &rest[colon + 1..];
        let value_start = rest.len() - rest.trim_start().len();
        if value_start > 0 {
            tokens.push((Token::Punctuation, &rest[..value_start]));
            rest = &rest[value_start..];
        }
    }
    if !rest.is_empty() {
        tokens.push((scalar_kind(rest), rest));
    }
    tokens
}

/// A run of one line shown in one style: a coloured token, or neighbouring uncoloured tokens
/// joined. The runs of a line concatenate back to it; the preview gives each run one DOM node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run<'a> {
    /// The CSS class of a coloured token; none for plain text.
    pub class: Option<&'static str>,
    /// The text of the run.
    pub text: &'a str,
}

/// The runs of one line of the YAML the core emits.
pub fn runs(line: &str) -> Vec<Run<'_>> {
    let mut runs: Vec<Run<'_>> = Vec::new();
    let mut at = 0;
    for (token, piece) in yaml_line(line) {
        let class = (!matches!(token, Token::Punctuation | Token::Plain)).then(|| token.class());
        let end = at + piece.len();
        match runs.last_mut() {
            // The tokens are consecutive slices of the line, so plain neighbours join into one.
            Some(last) if class.is_none() && last.class.is_none() => last.text = &line[at - last.text.len()..end],
            _ => runs.push(Run { class, text: piece }),
        }
        at = end;
    }
    runs
}

/// Where two versions of a list of lines differ: the lines `at..at + old_len` of the old one
/// became the lines `at..at + new_len` of the new one; the lines before and after are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Splice {
    /// How many leading lines the two share.
    pub at: usize,
    /// How many old lines come between the shared leading and trailing lines.
    pub old_len: usize,
    /// How many new lines come between the shared leading and trailing lines.
    pub new_len: usize,
}

impl Splice {
    /// The splice that turns `old` into `new`, keeping their common leading and trailing lines.
    pub fn between(old: &[&str], new: &[&str]) -> Splice {
        let at = old.iter().zip(new).take_while(|(o, n)| o == n).count();
        let (old_rest, new_rest) = (&old[at..], &new[at..]);
        let tail = old_rest.iter().rev().zip(new_rest.iter().rev()).take_while(|(o, n)| o == n).count();
        Splice { at, old_len: old_rest.len() - tail, new_len: new_rest.len() - tail }
    }
}

/// Where the key of a `key: value` or `key:` line ends, if the line has one.
fn key_end(text: &str) -> Option<usize> {
    if text.starts_with(['\'', '"']) {
        return None;
    }
    text.find(": ").or_else(|| text.strip_suffix(':').map(str::len))
}

fn scalar_kind(value: &str) -> Token {
    if value.starts_with(['\'', '"']) {
        Token::Quoted
    } else if value.bytes().all(|b| b.is_ascii_digit()) || matches!(value, "true" | "false" | "null") {
        Token::Literal
    } else {
        Token::Plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_rebuild_the_line() {
        for line in [
            "# Generated by ocelot-setup",
            "  - Fn::Sub: 'repo:${GitHubOwner}/${GitHubRepo}:ref:*'",
            "    Default: 3600",
            "Resources:",
            "      - sts.amazonaws.com",
            "  token.actions.githubusercontent.com:aud: sts.amazonaws.com",
            "",
        ] {
            let rebuilt: String = yaml_line(line).iter().map(|(_, t)| *t).collect();
            assert_eq!(rebuilt, line);
        }
    }

    #[test]
    fn runs_join_plain_neighbours_and_rebuild_the_line() {
        let run = |class, text| Run { class, text };
        assert_eq!(
            runs("  - Fn::Sub: 'a<b>&c'"),
            vec![
                run(None, "  - "),
                run(Some("wz-tok-fn"), "Fn::Sub"),
                run(None, ": "),
                run(Some("wz-tok-str"), "'a<b>&c'")
            ]
        );
        assert_eq!(
            runs("    Type: AWS::IAM::Role"),
            vec![run(None, "    "), run(Some("wz-tok-key"), "Type"), run(None, ": AWS::IAM::Role")]
        );
        assert_eq!(runs("      - sts.amazonaws.com"), vec![run(None, "      - sts.amazonaws.com")]);
        assert_eq!(runs(""), vec![]);
        for line in ["# c", "Resources:", "    Default: 3600", "  - Ref: GitHubOwner", "- 'x'"] {
            assert_eq!(runs(line).iter().map(|r| r.text).collect::<String>(), line);
        }
    }

    /// Applies `splice` to `old` the way the preview does: changed lines of the common part
    /// rewritten, then the surplus removed or the missing inserted.
    fn apply(old: &[&str], new: &[&str], splice: Splice) -> Vec<String> {
        let mut lines: Vec<String> = old.iter().map(|l| l.to_string()).collect();
        let common = splice.old_len.min(splice.new_len);
        for i in splice.at..splice.at + common {
            lines[i] = new[i].to_string();
        }
        let end = splice.at + common;
        lines.drain(end..splice.at + splice.old_len);
        for (i, line) in new[end..splice.at + splice.new_len].iter().enumerate() {
            lines.insert(end + i, line.to_string());
        }
        lines
    }

    #[test]
    fn splice_keeps_the_shared_ends() {
        let check = |old: &[&str], new: &[&str], expected: Splice| {
            let splice = Splice::between(old, new);
            assert_eq!(splice, expected, "{old:?} -> {new:?}");
            assert_eq!(apply(old, new, splice), new, "{old:?} -> {new:?}");
        };
        let splice = |at, old_len, new_len| Splice { at, old_len, new_len };
        check(&["a", "b", "c"], &["a", "b", "c"], splice(3, 0, 0));
        check(&["a", "b", "c"], &["a", "x", "c"], splice(1, 1, 1));
        check(&["a", "b", "c"], &["x", "b", "y"], splice(0, 3, 3));
        check(&["a", "c"], &["a", "b", "c"], splice(1, 0, 1));
        check(&["a", "b", "c"], &["a", "c"], splice(1, 1, 0));
        check(&["a", "b", "c"], &["b", "c"], splice(0, 1, 0));
        check(&["a", "b"], &["a", "b", "c", "d"], splice(2, 0, 2));
        check(&["a", "b", "c", "d"], &["x", "y"], splice(0, 4, 2));
        check(&[], &["a"], splice(0, 0, 1));
        check(&["a"], &[], splice(0, 1, 0));
        // Repeated lines: the shared ends never overlap.
        check(&["a", "a"], &["a", "a", "a"], splice(2, 0, 1));
        check(&["a", "a", "a"], &["a"], splice(1, 2, 0));
    }

    #[test]
    fn names_the_parts() {
        assert_eq!(
            yaml_line("  - Fn::Sub: 'x'"),
            vec![
                (Token::Punctuation, "  - "),
                (Token::Function, "Fn::Sub"),
                (Token::Punctuation, ":"),
                (Token::Punctuation, " "),
                (Token::Quoted, "'x'")
            ]
        );
        assert_eq!(yaml_line("    Default: 3600")[4], (Token::Literal, "3600"));
        assert_eq!(yaml_line("# hi"), vec![(Token::Comment, "# hi")]);
        assert_eq!(
            yaml_line("  token.actions.githubusercontent.com:aud: x")[1],
            (Token::Key, "token.actions.githubusercontent.com:aud")
        );
    }
}
