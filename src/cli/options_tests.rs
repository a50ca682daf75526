//! One declaration reaches every reader: a field declared for tests only (`Field::Probe`)
//! shows in the CLI's help and input, the URL and the template, with nothing else written
//! for it.

use clap::{CommandFactory, Parser};
use serde_json::Value;

use crate::cli::{Cli, Command};
use crate::core::setup::declare::Shape;
use crate::core::setup::query::{parse_query_string, to_query_string};
use crate::core::setup::{Field, Setup, SetupInput};
use crate::core::template::Template;

const FIELD: Field = Field::Probe;

/// The input the CLI reads from `args` of `template`.
fn cli_input(args: &[&str]) -> (SetupInput, Vec<String>) {
    let argv = ["ocelot-setup", "template"].iter().chain(args);
    let Command::Template { options, .. } = Cli::try_parse_from(argv).expect("flags clap accepts").command else {
        unreachable!("the template subcommand")
    };
    let (input, refused) = options.input();
    (input, refused.iter().map(|r| r.for_cli()).collect())
}

/// The template's parameter `name`, as JSON.
fn parameter(template: &Template, name: &str) -> Value {
    let json: Value = serde_json::from_str(&template.to_json()).expect("the template is JSON");
    json["Parameters"][name].clone()
}

#[test]
fn a_field_declared_once_is_in_the_cli_help() {
    let mut cli = Cli::command();
    let help = cli.find_subcommand_mut("template").expect("template").render_long_help().to_string();
    let spec = FIELD.spec();
    let line = help.lines().position(|l| l.trim() == "--probe <WORD>").unwrap_or_else(|| panic!("no --probe:\n{help}"));
    let after: Vec<&str> = help.lines().skip(line + 1).take(3).map(str::trim).collect();
    assert_eq!(after[0], spec.help.trim_end_matches('.'), "{help}");
    assert_eq!(after[2], "[default: probe-default]", "{help}");
}

#[test]
fn a_field_declared_once_goes_from_the_cli_through_the_url_and_back() {
    let (input, refused) = cli_input(&["--repo", "octocat/ocelot", "--probe", "word42"]);
    assert!(refused.is_empty(), "{refused:?}");
    assert_eq!(input.text(FIELD), Some("word42"));
    let query = to_query_string(&input.to_query());
    assert!(query.contains("probe=word42"), "{query}");
    let mut back = SetupInput::default();
    let pairs = parse_query_string(&query);
    back.apply_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert_eq!(back, input);
    let (_, refused) = cli_input(&["--repo", "octocat/ocelot", "--probe", ""]);
    assert_eq!(refused, ["--probe: the value is empty; leave --probe out for the default, probe-default"]);
}

#[test]
fn a_field_declared_once_gives_its_template_parameter() {
    let [declared] = FIELD.parameters() else { panic!("the probe declares one parameter") };
    let Shape::Text { pattern, .. } = declared.shape else { panic!("a text parameter") };
    let setup = Setup::from_input(&SetupInput::for_fork("octocat/ocelot")).expect("a valid setup");
    for template in [Template::tailored(&setup), Template::generic()] {
        let parameter = parameter(&template, declared.name);
        assert_eq!(parameter["Description"], declared.description, "{parameter}");
        assert_eq!(parameter["AllowedPattern"], pattern(), "{parameter}");
        assert_eq!(parameter["Default"], "probe-default", "{parameter}");
    }
}
