//! The flags every setup subcommand takes: each field's built from its declaration
//! ([`Field::spec`]: flag, value name, help, default), read into a [`SetupInput`]. A flag given
//! with an empty value is refused; a flag left out means the default.

use std::fs::File;
use std::io::Read;
use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Arg, ArgAction, ArgMatches, Args, Command, FromArgMatches, ValueEnum};

use crate::core::setup::declare::{Blank, Flag};
use crate::core::setup::sub_claim;
use crate::core::setup::{Choice, Field, FieldError, ScopeInput, ScopeKind, SecretPreset, Setup, SetupInput};

use super::checkout::read_checkout;
use super::Failure;
use crate::core::workflows::{self, Reading};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    /// YAML (templates).
    Yaml,
    /// JSON.
    Json,
    /// Text for a person, or a script.
    Text,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Yaml => "yaml",
            Format::Json => "json",
            Format::Text => "text",
        }
    }
}

/// The `--preset` values, each with what it stands for.
fn presets() -> PossibleValuesParser {
    PossibleValuesParser::new(SecretPreset::ALL.iter().map(|p| PossibleValue::new(p.as_str()).help(p.summary())))
}

/// The flags of the setup's fields, built from their declarations ([`Field::spec`]), in the
/// order declared.
#[derive(Debug)]
struct FieldFlags {
    /// Each flag given, or given a default by clap, with its value; a switch's value is the
    /// choice it sets.
    given: Vec<(Field, String)>,
}

/// The clap argument of `field`: its flag, value name, help and default from its declaration.
fn field_arg(field: Field) -> Arg {
    let spec = field.spec();
    // As clap's derive does with a doc comment: the help is a phrase, without the period.
    let help = spec.help.strip_suffix('.').unwrap_or(spec.help);
    let arg = Arg::new(field.long()).long(field.long());
    let name = match spec.flag {
        Flag::Switch(_) => return arg.action(ArgAction::SetTrue).help(help),
        Flag::Value(name) => name,
    };
    let arg = arg.value_name(name).action(ArgAction::Set);
    let arg = match (field, spec.blank) {
        (Field::Scope, _) => arg.default_value(ScopeKind::Any.as_str()).help(help),
        (Field::Preset, _) => arg.default_value(SecretPreset::default().as_str()).value_parser(presets()).help(help),
        (Field::AccountId, _) => arg.conflicts_with(Field::RoleArn.long()).help(help),
        (_, Blank::Always(default)) => arg.default_value(default).help(help),
        (_, Blank::ByPreset(_)) => arg.help(format!("{help} [default: the preset's]")),
        (_, Blank::Nothing) => arg.help(help),
    };
    arg
}

impl Args for FieldFlags {
    fn augment_args(cmd: Command) -> Command {
        Field::ALL.iter().fold(cmd, |cmd, &field| cmd.arg(field_arg(field)))
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

impl FromArgMatches for FieldFlags {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let given = Field::ALL
            .iter()
            .filter_map(|&field| match field.spec().flag {
                Flag::Switch(sets) => matches.get_flag(field.long()).then(|| (field, sets().to_string())),
                Flag::Value(_) => matches.get_one::<String>(field.long()).map(|value| (field, value.clone())),
            })
            .collect();
        Ok(FieldFlags { given })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

#[derive(Debug, Args)]
pub(super) struct Options {
    #[command(flatten)]
    fields: FieldFlags,
    /// Output format: yaml or json for `template`; text or json for the others.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the output to FILE instead of standard output (nothing is written on error).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub(super) output: Option<PathBuf>,
    /// The root of a clone of your fork: the setup follows the secret names, regions, table and
    /// environments its .github/workflows really use (notes on stderr say what changed).
    #[arg(long, value_name = "DIR")]
    checkout: Option<PathBuf>,
}

impl Options {
    /// The input the flags give, and the refusals of flags given an empty value.
    fn input(&self) -> (SetupInput, Vec<FieldError>) {
        let mut input = SetupInput::default();
        // The choices first: the preset gives the other fields' defaults.
        let (choices, texts): (Vec<_>, Vec<_>) =
            self.fields.given.iter().partition(|(field, _)| input.text(*field).is_none());
        for (field, value) in choices {
            input.set_value(*field, value);
        }
        let mut refused = Vec::new();
        for (field, value) in texts {
            let field = *field;
            match field {
                // The fork has no default: the core's refusal of an empty one says what to give.
                _ if value.trim().is_empty() && field != Field::Fork => refused.push(empty(field, input.preset)),
                Field::SubClaim => match read_sub_claim(value) {
                    Ok(text) => input.sub_claim = text,
                    Err(message) => refused.push(FieldError::new(field, message)),
                },
                Field::Scope => match ScopeInput::parse(value) {
                    Ok(scope) => input.scope = scope,
                    Err(message) => refused.push(FieldError::new(field, message)),
                },
                _ => input.set_value(field, value),
            }
        }
        (input, refused)
    }

    /// The validated setup, after following the checkout's workflows when one is given, and
    /// the notes that say what following changed; or every refusal at once, each naming its flag.
    pub(super) fn setup(&self) -> Result<(Setup, Vec<String>), Failure> {
        self.setup_read().map(|(setup, notes, _)| (setup, notes))
    }

    /// [`Options::setup`], with the reading of the checkout when one was given.
    pub(super) fn setup_read(&self) -> Result<(Setup, Vec<String>, Option<Reading>), Failure> {
        let (input, mut refused) = self.input();
        let (input, notes, reading) = match &self.checkout {
            None => {
                let assumed = format!(
                    "nothing was read from your fork, so the setup assumes {}; to follow your fork's own workflows, give --checkout DIR (a clone of the fork), or use the wizard, which reads them from GitHub",
                    input.preset.summary()
                );
                (input, vec![assumed], None)
            }
            Some(dir) => {
                let files = read_checkout(dir).map_err(|e| Failure::Usage(vec![e]))?;
                let reading = workflows::read_fork(&files, &input);
                let notes = reading.lines("--checkout: ");
                (reading.followed.input.clone(), notes, Some(reading))
            }
        };
        match Setup::from_input(&input) {
            Ok(setup) if refused.is_empty() => return Ok((setup, notes, reading)),
            Ok(_) => {}
            Err(errors) => {
                let empty: Vec<Field> = refused.iter().map(|r| r.field).collect();
                refused.extend(errors.0.into_iter().filter(|e| !empty.contains(&e.field)));
            }
        }
        refused.sort_by_key(|e| e.field);
        Err(Failure::Usage(refused.iter().map(FieldError::for_cli).collect()))
    }

    /// Whether the setup follows a checkout's workflows.
    pub(super) fn follows_checkout(&self) -> bool {
        self.checkout.is_some()
    }

    /// The format asked for, refused when the command cannot print it.
    pub(super) fn format(&self, allowed: &[Format]) -> Result<Format, Failure> {
        allowed_format(self.format, allowed)
    }
}

/// `format`, or the first of `allowed` when none was asked for; refused when not allowed.
pub(super) fn allowed_format(format: Option<Format>, allowed: &[Format]) -> Result<Format, Failure> {
    match format {
        None => Ok(allowed[0]),
        Some(f) if allowed.contains(&f) => Ok(f),
        Some(f) => Err(Failure::Usage(vec![format!(
            "--format: this command does not print {}; use {}",
            f.name(),
            allowed.iter().map(|f| f.name()).collect::<Vec<_>>().join(" or ")
        )])),
    }
}

/// The text `--sub-claim` names: the answer itself when it starts with `{`, standard input for
/// `-`, otherwise a file; at most [`sub_claim::MAX_BYTES`] of UTF-8 are read.
fn read_sub_claim(value: &str) -> Result<String, String> {
    if value.trim_start().starts_with('{') {
        return Ok(value.to_string());
    }
    let answer = "the answer of gh api repos/OWNER/REPO/actions/oidc/customization/sub";
    let (what, reader): (String, Box<dyn Read>) = if value == "-" {
        ("standard input".to_string(), Box::new(std::io::stdin()))
    } else {
        let file = File::open(value).map_err(|e| {
            format!("cannot read {value}: {e}; save {answer} to a file, or give - to read it from standard input")
        })?;
        (value.to_string(), Box::new(file))
    };
    let mut bytes = Vec::new();
    reader
        .take(sub_claim::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {what}: {e}"))?;
    if bytes.len() > sub_claim::MAX_BYTES {
        return Err(format!(
            "{what} holds more than {} KB; {answer} is a few hundred bytes",
            sub_claim::MAX_BYTES / 1024
        ));
    }
    String::from_utf8(bytes).map_err(|_| format!("{what} is not UTF-8 text; give {answer}"))
}

/// The refusal of a flag given an empty value: what the flag wants, or leaving it out.
fn empty(field: Field, preset: SecretPreset) -> FieldError {
    let flag = field.flag();
    let default = match field {
        Field::Scope => Some(ScopeKind::Any.as_str()),
        field => field.default_text(preset),
    };
    let message = match default {
        Some(default) => format!("the value is empty; leave {flag} out for the default, {default}"),
        None => format!("the value is empty; give the {}, or leave {flag} out", field.label().to_ascii_lowercase()),
    };
    FieldError::new(field, message)
}

#[cfg(test)]
#[path = "options_tests.rs"]
mod tests;
