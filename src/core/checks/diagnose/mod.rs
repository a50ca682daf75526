//! Error text explained for one setup: the failures a first run can meet (deploying the
//! stack, dispatching the workflow, getting credentials, the role's calls, the check
//! workflow's own findings), each from the source that emits it ([`table::KNOWN`]), with its
//! cause for *this* setup and the fix as numbered steps written for who reads them
//! ([`Reader`]). The text may be plain, the output of `gh run view --log-failed`, or the JSON
//! of a job's annotations ([`Log::read`]). Plain string search: no regex, so the wasm stays
//! small; any input is read without panicking.

mod access;
mod answer;
mod check;
mod credentials;
mod dispatch;
mod input;
mod stack;
pub mod table;

use serde::{Deserialize, Serialize};

pub use answer::{Control, FixStep, Reader};
pub use input::{Log, LogLine, MAX_ANNOTATIONS};
pub use table::{FailureId, Known, KNOWN};

use crate::core::setup::Setup;
use answer::{Answer, Ctx};

/// The most text read: the log of one failing step is far smaller.
pub const MAX_PASTE_BYTES: usize = 1024 * 1024;
/// The longest matched line shown, in characters.
pub const MAX_LINE_CHARS: usize = 300;
/// The most findings reported; a paste with more repeats the same few failures.
pub const MAX_FINDINGS: usize = 20;
/// How many lines after a match may continue it (a terminal wraps long messages).
const CONTINUATION_LINES: usize = 4;

/// One failure found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Which failure.
    pub id: FailureId,
    /// The line it was found on, trimmed and cut to [`MAX_LINE_CHARS`].
    pub line: String,
    /// The job and step that printed it, when the log says (`job / step`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// Why it happened, for this setup: one short sentence.
    pub cause: String,
    /// What to do, in order.
    pub fix: Vec<FixStep>,
}

/// What the text means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum Diagnosis {
    /// Known failures, each once, in the order they first appear.
    Recognised {
        /// The failures.
        findings: Vec<Finding>,
    },
    /// No known failure: the text as it was read, and what to do instead.
    NotRecognised {
        /// The lines read (at most [`MAX_FINDINGS`], each cut to [`MAX_LINE_CHARS`]), to show as text.
        lines: Vec<String>,
        /// Why there is no answer.
        cause: String,
        /// The next steps: the doctor first.
        fix: Vec<FixStep>,
    },
}

/// What `log` means for `setup`, written for `reader`.
pub fn diagnose(setup: &Setup, reader: Reader, log: &Log) -> Diagnosis {
    let ctx = Ctx { setup, reader };
    let lines: Vec<&str> = log.lines.iter().map(|l| l.text.as_str()).collect();
    let mut findings: Vec<Finding> = Vec::new();
    for i in 0..lines.len() {
        if findings.len() == MAX_FINDINGS {
            break;
        }
        let Some((id, answer)) = recognise(&ctx, &lines, i) else { continue };
        if findings.iter().any(|f| f.id == id && f.cause == answer.cause) {
            continue;
        }
        findings.push(Finding {
            id,
            line: shown(lines[i]),
            step: log.lines[i].place(),
            cause: answer.cause,
            fix: answer.steps,
        });
    }
    if !findings.is_empty() {
        return Diagnosis::Recognised { findings };
    }
    let shown_lines = lines.iter().filter(|l| !l.trim().is_empty()).take(MAX_FINDINGS).map(|l| shown(l)).collect();
    Diagnosis::NotRecognised {
        lines: shown_lines,
        cause: "This is not one of the failures ocelot-setup knows (the messages of AWS, CloudFormation, gh and configure-aws-credentials, in English).".into(),
        fix: vec![
            ctx.doctor(),
            ctx.check_workflow("it shows the token's subject, checks the secrets and tries the role."),
            ctx.say("If both pass, paste the whole log of the failing step."),
        ],
    }
}

/// The line trimmed and cut to [`MAX_LINE_CHARS`] characters.
fn shown(line: &str) -> String {
    let line = line.trim();
    match line.char_indices().nth(MAX_LINE_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

/// The text around a match, for answers that read more than the line itself.
pub(super) struct Found<'a> {
    /// The matched line (with the next one when the message wrapped).
    pub line: &'a str,
    /// Up to two lines before it, joined.
    pub before: String,
    /// Up to [`CONTINUATION_LINES`] lines after it, joined.
    pub after: String,
}

fn recognise(ctx: &Ctx, lines: &[&str], i: usize) -> Option<(FailureId, Answer)> {
    let line = lines[i];
    let lower = line.to_ascii_lowercase();
    // A terminal may wrap a message onto the next line: try the two together, for messages
    // the next line does not hold alone (it gets its own turn).
    let joined =
        lines.get(i + 1).map(|next| (format!("{lower} {}", next.to_ascii_lowercase()), next.to_ascii_lowercase()));
    let joined_line = lines.get(i + 1).map(|next| format!("{line} {next}"));
    let before = lines[i.saturating_sub(CONTINUATION_LINES / 2)..i].join(" ");
    let after = lines.iter().skip(i + 1).take(CONTINUATION_LINES).copied().collect::<Vec<_>>().join(" ");
    for known in KNOWN {
        let text = if known.matches_in(&lower) {
            line
        } else if let (Some((both, next)), Some(both_line)) = (&joined, &joined_line) {
            if !known.matches_in(both) || known.matches_in(next) {
                continue;
            }
            both_line.as_str()
        } else {
            continue;
        };
        let found = Found { line: text, before: before.clone(), after: after.clone() };
        // A repeated message (lines that differ only in time) gives the same cause: the caller keeps one.
        if let Some(answer) = (known.answer)(ctx, &found) {
            return Some((known.id, answer));
        }
    }
    None
}

/// The word after `marker` in `line` (compared without case), trimmed of punctuation.
pub(super) fn word_after<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let at = line.to_ascii_lowercase().find(&marker.to_ascii_lowercase())? + marker.len();
    line[at..]
        .split_whitespace()
        .next()
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && !"._-:/@*".contains(c)))
        .filter(|w| !w.is_empty())
}
