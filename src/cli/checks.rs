//! `check-workflow` and `diagnose`: the first-run check workflow, and pasted error text
//! explained for the setup the flags describe.

use std::io::Read;

use super::{json, Failure, Format, Options};
use crate::core::checks::check_workflow::check_workflow;
use crate::core::checks::diagnose::{diagnose, Diagnosis, FixStep, Log, Reader, MAX_PASTE_BYTES};
use crate::core::setup::{Choice, Setup};

/// The workflow file (yaml, the default: what `-o` writes into the fork), the commands
/// that add and run it (text), or both (json).
pub(super) fn check_workflow_output(options: &Options) -> Result<(String, Setup, Vec<String>), Failure> {
    let format = options.format(&[Format::Yaml, Format::Text, Format::Json])?;
    let (setup, followed) = options.setup()?;
    let check = check_workflow(&setup);
    let output = match format {
        Format::Json => json(&check),
        Format::Text => {
            let mut out = format!("Add {} to {} and run it:\n", check.path, setup.fork);
            for (i, c) in check.commands.iter().enumerate() {
                out.push_str(&format!("\n{}. {}\n   {}\n", i + 1, c.what, c.command));
            }
            out
        }
        Format::Yaml => check.yaml,
    };
    Ok((output, setup, followed))
}

/// What the text on `input` (plain text, `gh run view --log-failed` output or a job's
/// annotations JSON) means for the setup, as text or json.
pub(super) fn diagnose_output(options: &Options, input: impl Read) -> Result<(String, Setup, Vec<String>), Failure> {
    let format = options.format(&[Format::Text, Format::Json])?;
    let (setup, followed) = options.setup()?;
    let pasted = read_capped(input)?;
    let diagnosis = diagnose(&setup, Reader::Cli, &Log::read(&pasted));
    let output = match format {
        Format::Json => json(&diagnosis),
        _ => diagnosis_text(&diagnosis),
    };
    Ok((output, setup, followed))
}

/// At most [`MAX_PASTE_BYTES`] of `input`, invalid UTF-8 replaced.
fn read_capped(input: impl Read) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    input
        .take(MAX_PASTE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Io(format!("standard input: {e}")))?;
    if bytes.len() > MAX_PASTE_BYTES {
        return Err(Failure::Usage(vec![format!(
            "standard input: more than {MAX_PASTE_BYTES} bytes (1 MB); paste only the failing step's log, e.g. gh run view RUN_ID --log-failed | ocelot-setup diagnose ..."
        )]));
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The fix's steps, numbered, each command under its step.
fn steps_text(steps: &[FixStep]) -> String {
    let mut out = String::new();
    for (i, step) in steps.iter().enumerate() {
        out.push_str(&format!("   {}. {}\n", i + 1, step.text));
        if let Some(command) = &step.command {
            out.push_str(&format!("      $ {}\n", command.replace('\n', "\n        ")));
        }
    }
    out
}

fn diagnosis_text(diagnosis: &Diagnosis) -> String {
    let mut out = String::new();
    match diagnosis {
        Diagnosis::Recognised { findings } => {
            for (i, f) in findings.iter().enumerate() {
                out.push_str(&format!("{}. {}\n   line:  {}\n", i + 1, f.id.as_str(), f.line));
                if let Some(step) = &f.step {
                    out.push_str(&format!("   step:  {step}\n"));
                }
                out.push_str(&format!("   cause: {}\n   fix:\n{}\n", f.cause, steps_text(&f.fix)));
            }
        }
        Diagnosis::NotRecognised { lines, cause, fix } => {
            out.push_str(&format!("not recognised: {cause}\n"));
            for line in lines {
                out.push_str(&format!("   | {line}\n"));
            }
            out.push_str(&format!("next:\n{}", steps_text(fix)));
        }
    }
    out
}
