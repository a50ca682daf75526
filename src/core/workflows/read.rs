//! Reading untrusted files: size and count caps, UTF-8, YAML alias limits, the one call of
//! serde_yaml (the values) and of [`Positions::read`] (their lines). Every refusal is a
//! [`Notice`] naming the file; nothing here panics, and one bad file never stops the others
//! from being read.

use serde::{Deserialize, Serialize};

use super::model::Workflow;
use super::positions::Positions;
use crate::core::links::WORKFLOWS_DIR;

/// Files larger than this are skipped (GitHub's own workflow files are a few KB).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// A workflows folder with more files than this is skipped whole.
pub const MAX_FILES: usize = 100;
/// At most this many YAML aliases (`*name`) in one file: each may copy a whole subtree, and
/// two per level double the document, so the count bounds how far a file can expand.
pub const MAX_ALIASES: usize = 16;
/// A file that uses aliases at all must be at most this long (with [`MAX_ALIASES`], it then
/// expands to at most 256 times this size).
pub const MAX_ALIASED_BYTES: usize = 32 * 1024;

/// Flow collections (`[`, `{`) nested deeper than this are refused before parsing:
/// libyaml takes seconds on 100,000 levels, and serde_yaml refuses past 128 anyway.
pub const MAX_FLOW_DEPTH: usize = 128;

/// The path of the script that holds upstream ocelot's table name.
pub const TABLE_SCRIPT: &str = "tools/scripts/otel_layer_utils/dynamodb_utils.py";

/// One file of a fork as read from a checkout or the GitHub API: untrusted bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path in the repository, e.g. `.github/workflows/ci.yml`.
    pub path: String,
    /// The file's bytes, maybe not UTF-8.
    pub bytes: Vec<u8>,
}

impl SourceFile {
    /// A file from its path and text.
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> SourceFile {
        SourceFile { path: path.into(), bytes: bytes.into() }
    }
}

/// A file that was skipped or only partly read, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// The file's path, or the folder's.
    pub path: String,
    /// What happened, and what would be read.
    pub text: String,
}

/// A workflow file that parsed.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// Its path.
    pub path: String,
    /// Its text, for the expressions in each scalar.
    pub text: String,
    /// Its typed content.
    pub workflow: Workflow,
    /// The line of each of its nodes.
    pub positions: Positions,
}

/// What [`read`] made of the files.
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// The workflows that parsed, in path order.
    pub workflows: Vec<Parsed>,
    /// The table script's text, if it was among the files.
    pub table_script: Option<(String, String)>,
    /// Files skipped or refused.
    pub notices: Vec<Notice>,
}

/// Whether `path` names a workflow file (`.yml` or `.yaml`).
pub fn is_workflow(path: &str) -> bool {
    path.ends_with(".yml") || path.ends_with(".yaml")
}

/// Sorts the files into workflows and the table script, refusing what is too big, not
/// UTF-8 or not a workflow.
pub fn read(files: &[SourceFile]) -> Read {
    let mut out = Read::default();
    let workflow_count = files.iter().filter(|f| is_workflow(&f.path)).count();
    if workflow_count > MAX_FILES {
        out.notices.push(Notice {
            path: WORKFLOWS_DIR.into(),
            text: format!(
                "{workflow_count} workflow files, more than the {MAX_FILES} read; none was read, so nothing was followed from the workflows"
            ),
        });
    }
    let mut files: Vec<&SourceFile> = files.iter().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    for file in files {
        let workflow = is_workflow(&file.path);
        let script = file.path.ends_with(TABLE_SCRIPT);
        if !(workflow || script) {
            out.notices.push(Notice {
                path: file.path.clone(),
                text: format!("not a workflow (.yml or .yaml) nor {TABLE_SCRIPT}; ignored"),
            });
            continue;
        }
        if workflow && workflow_count > MAX_FILES {
            continue;
        }
        let text = match text_of(file) {
            Ok(text) => text,
            Err(text) => {
                out.notices.push(Notice { path: file.path.clone(), text });
                continue;
            }
        };
        if script {
            out.table_script = Some((file.path.clone(), text));
            continue;
        }
        match parse_workflow(&text) {
            Ok(workflow) => {
                // Only a text serde_yaml accepted (so within its depth and alias limits) is read again.
                let positions = Positions::read(&text, MAX_ALIASES);
                out.workflows.push(Parsed { path: file.path.clone(), text, workflow, positions })
            }
            Err(text) => out.notices.push(Notice { path: file.path.clone(), text }),
        }
    }
    out
}

fn text_of(file: &SourceFile) -> Result<String, String> {
    if file.bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{} bytes, more than the {MAX_FILE_BYTES} read; skipped (a workflow is a few KB)",
            file.bytes.len()
        ));
    }
    String::from_utf8(file.bytes.clone()).map_err(|e| {
        format!("not UTF-8 text (invalid byte at offset {}); skipped: save it as UTF-8", e.utf8_error().valid_up_to())
    })
}

/// Parses one workflow's text: the only call of serde_yaml's reader. serde_yaml limits
/// nesting (128 levels) and alias jumps itself; [`alias_count`] bounds the expansion.
pub fn parse_workflow(text: &str) -> Result<Workflow, String> {
    let aliases = alias_count(text);
    if aliases > MAX_ALIASES || (aliases > 0 && text.len() > MAX_ALIASED_BYTES) {
        return Err(format!(
            "{aliases} YAML aliases (*name) in {} bytes; refused, as a file with aliases may hold at most {MAX_ALIASES} of them in {MAX_ALIASED_BYTES} bytes (each alias copies a whole subtree)",
            text.len()
        ));
    }
    if flow_depth(text) > MAX_FLOW_DEPTH {
        return Err(format!(
            "not a workflow YAML file: brackets nested more than {MAX_FLOW_DEPTH} levels deep; refused before parsing"
        ));
    }
    match serde_yaml::from_str::<Option<Workflow>>(text) {
        Ok(workflow) => Ok(workflow.unwrap_or_default()),
        Err(e) => Err(format!("not a workflow YAML file: {e}")),
    }
}

/// The deepest nesting of `[` and `{`, quotes ignored: an over-estimate, never an under-one.
fn flow_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for byte in text.bytes() {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Counts the tokens that may be YAML aliases: `*` followed by a name character where a node
/// may start (line start, after a space or a flow indicator). It over-counts (`ls *txt` in a
/// script), which only makes the limits above stricter, and never under-counts.
pub fn alias_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|&i| {
            bytes[i] == b'*'
                && bytes.get(i + 1).is_some_and(|c| !c.is_ascii_whitespace() && !b",[]{}*".contains(c))
                && (i == 0 || b" \t\n\r[{,".contains(&bytes[i - 1]))
        })
        .count()
}
