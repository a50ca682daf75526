//! Reading a fork's checkout for `--checkout DIR`: the workflow files and the table script,
//! each read no further than the core's caps (the core then reports what is over them).

use std::io::Read;
use std::path::Path;

use crate::core::workflows::read::{is_workflow, MAX_FILES, MAX_FILE_BYTES, TABLE_SCRIPT};
use crate::core::workflows::SourceFile;

/// The workflows folder, relative to the checkout's root.
pub use crate::core::links::WORKFLOWS_DIR;

/// Reads `DIR/.github/workflows/*.{yml,yaml}` and `DIR/` + [`TABLE_SCRIPT`] if present.
/// Errors name the flag and say what to give instead.
pub fn read_checkout(dir: &Path) -> Result<Vec<SourceFile>, String> {
    let workflows = dir.join(WORKFLOWS_DIR);
    if !workflows.is_dir() {
        return Err(format!(
            "--checkout: {} has no {WORKFLOWS_DIR} folder; give the root of a clone of your fork",
            dir.display()
        ));
    }
    let entries =
        std::fs::read_dir(&workflows).map_err(|e| format!("--checkout: cannot list {}: {e}", workflows.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| is_workflow(name))
        .collect();
    names.sort();
    let mut files = Vec::new();
    for name in &names {
        let path = format!("{WORKFLOWS_DIR}/{name}");
        // Over the count cap the core skips the folder whole: the files are listed, not read.
        let bytes = if names.len() > MAX_FILES { Vec::new() } else { read_capped(&workflows.join(name), &path)? };
        files.push(SourceFile::new(path, bytes));
    }
    let script = dir.join(TABLE_SCRIPT);
    if script.is_file() {
        files.push(SourceFile::new(TABLE_SCRIPT, read_capped(&script, TABLE_SCRIPT)?));
    }
    Ok(files)
}

/// At most one byte over the core's size cap, so an oversized file costs 1 MB, not its size.
fn read_capped(path: &Path, shown: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("--checkout: cannot read {shown}: {e}"))?;
    Ok(bytes)
}
