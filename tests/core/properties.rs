//! Property tests: whatever a person types, validation either refuses it field by field or
//! yields a setup whose every output is sound (templates parse alike in YAML and JSON, the
//! trust holds, the CloudShell heredoc is intact, every command stays the words it means).

use std::collections::BTreeSet;
use std::process::Command;

use ocelot_setup::core::guide::deploy::{cloudshell_script, DeployCommands, TEMPLATE_FILE};
use ocelot_setup::core::guide::{gh_script, secret_entries, steps, ROLE_ARN_PLACEHOLDER};
use ocelot_setup::core::setup::aws::REGIONS;
use ocelot_setup::core::setup::command::Subcommand;
use ocelot_setup::core::setup::field::Field;
use ocelot_setup::core::setup::SecretKind;
use ocelot_setup::core::setup::{
    CleanupPermission, LayerSharing, ProviderChoice, SecretPreset, Setup, SetupInput, TrustScope,
};
use ocelot_setup::core::setup::{ScopeInput, ScopeKind};
use ocelot_setup::core::template::Template;
use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::support::matrix;
use crate::trust::{in_scope_suffix, parse, resolve_generic, resolve_tailored, Token};

/// Text a person might paste by mistake, or on purpose.
const NASTY: &[&str] = &[
    "*",
    "?",
    "'",
    "\"",
    "`",
    "\\",
    "<script>alert(1)</script>",
    "\n",
    "\r\n",
    "\t",
    " ",
    "${",
    "${AWS::AccountId}",
    "${!x}",
    "$(id)",
    "`id`",
    "&&",
    ";",
    "|",
    "#",
    "--",
    "-",
    ".",
    "..",
    "/",
    ":",
    "%3A",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{feff}",
    "\u{200b}",
    "\u{2028}",
    "\u{fffe}",
    "é",
    "İ",
    "ß",
    "🦀",
    "ﬀ",
    "repo:x/y:*",
    "OCELOT_SETUP_TEMPLATE",
    "GITHUB_TOKEN",
    "arn:aws:iam::123456789012:role/x",
    "https://github.com/",
];

fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,24}",
        prop::sample::select(NASTY).prop_map(String::from),
        prop::collection::vec(prop_oneof![prop::sample::select(NASTY).prop_map(String::from), "[a-z0-9]{0,4}"], 1..6)
            .prop_map(|parts| parts.concat()),
    ]
}

/// `valid` mostly, sometimes empty (the default), sometimes (when `wild`) anything at all.
fn field(valid: BoxedStrategy<String>, wild: bool) -> BoxedStrategy<String> {
    if wild {
        prop_oneof![6 => valid, 2 => Just(String::new()), 1 => nasty()].boxed()
    } else {
        prop_oneof![4 => valid, 1 => Just(String::new())].boxed()
    }
}

fn regex(pattern: &'static str) -> BoxedStrategy<String> {
    proptest::string::string_regex(pattern).expect("a valid strategy regex").boxed()
}

fn scope() -> BoxedStrategy<String> {
    prop_oneof![
        Just("any".to_string()),
        regex("[^\\x00-\\x20~^:?*\\[\\\\\\x7f]{1,16}").prop_map(|b| format!("branch:{b}")),
        regex("(main|release/v[0-9]|feature/[a-z-]{1,8})").prop_map(|b| format!("branch:{b}")),
        regex("[A-Za-z0-9._:/-][A-Za-z0-9 ._:/-]{0,14}[A-Za-z0-9._:/-]").prop_map(|e| format!("environment:{e}")),
    ]
    .boxed()
}

fn input(wild: bool) -> impl Strategy<Value = SetupInput> {
    let regions: Vec<String> = REGIONS.iter().map(|(code, _)| code.to_string()).collect();
    let fork = prop_oneof![
        regex("[A-Za-z0-9]{1,6}(-[A-Za-z0-9]{1,4})?/[A-Za-z0-9._-]{1,12}"),
        regex("https://github\\.com/[a-z0-9]{1,8}/[a-z0-9_.-]{1,8}(\\.git)?"),
        regex("git@github\\.com:[a-z0-9]{1,8}/[a-z0-9_-]{1,8}\\.git"),
    ]
    .boxed();
    let id = regex("[1-9][0-9]{0,9}");
    let secret = regex("[A-Z_][A-Z0-9_]{0,12}");
    // Fields checked together are drawn together, so that most plausible inputs are valid.
    let ids = if wild {
        prop_oneof![3 => (id.clone(), id.clone()), 2 => Just((String::new(), String::new())), 1 => (field(id.clone(), true), field(id, true))].boxed()
    } else {
        prop_oneof![3 => (id.clone(), id), 2 => Just((String::new(), String::new()))].boxed()
    };
    let secrets = prop_oneof![
        3 => Just((String::new(), String::new(), String::new())),
        1 => (field(secret.clone(), wild), Just(String::new()), Just(String::new())),
        1 => (field(secret.clone(), wild), field(secret.clone(), wild), field(secret, wild)),
    ];
    let role_arn =
        if wild { prop_oneof![4 => Just(String::new()), 1 => nasty()].boxed() } else { Just(String::new()).boxed() };
    let text = (
        (
            if wild { prop_oneof![8 => fork, 1 => nasty()].boxed() } else { fork },
            ids,
            field(scope(), wild),
            field(prop::sample::select(regions).boxed(), wild),
            field(regex("[A-Za-z][A-Za-z0-9-]{0,20}"), wild),
            field(regex("[A-Za-z0-9+=,.@_-]{1,64}"), wild),
            field(regex("[A-Za-z0-9_.-]{3,24}"), wild),
        ),
        (
            field(regex("[A-Za-z0-9_-]{0,8}[A-Za-z0-9_]"), wild),
            field((3600u32..=43200).prop_map(|s| s.to_string()).boxed(), wild),
            secrets,
            field(regex("[0-9]{4}-?[0-9]{4}-?[0-9]{4}"), wild),
            role_arn,
            field(regex("https://[a-z0-9-]{3,8}\\.s3\\.(us-east-1\\.)?amazonaws\\.com/[a-z0-9-]{1,8}\\.yaml"), wild),
        ),
    );
    // GitHub's answers about the subject claim template; mostly none pasted.
    let answers = prop::sample::select(vec![
        r#"{"use_default": true}"#,
        r#"{"use_default": true, "use_immutable_subject": false}"#,
        r#"{"use_default": false, "include_claim_keys": ["repo", "context"]}"#,
        r#"{"use_default": false, "include_claim_keys": ["actor", "repo", "context", "job_workflow_ref", "ref"]}"#,
        r#"{"use_default": false, "include_claim_keys": ["repository_id", "environment", "ref_type"]}"#,
    ])
    .prop_map(String::from)
    .boxed();
    let sub_claim = if wild {
        prop_oneof![6 => Just(String::new()), 2 => answers, 1 => nasty()].boxed()
    } else {
        prop_oneof![6 => Just(String::new()), 1 => answers].boxed()
    };
    let choices = (
        sub_claim,
        prop::sample::select(vec![ProviderChoice::Create, ProviderChoice::Reuse]),
        prop::sample::select(vec![LayerSharing::Public, LayerSharing::Private]),
        prop::sample::select(vec![CleanupPermission::Denied, CleanupPermission::Allowed]),
        prop::sample::select(vec![SecretPreset::Seed, SecretPreset::Upstream]),
    );
    (text, choices).prop_map(|(((f, (oid, rid), sc, reg, st, ro, ta), (lp, ms, (rs, ts, rv), acc, arn, url)), ch)| {
        SetupInput {
            fork: f,
            owner_id: oid,
            repo_id: rid,
            // A text that is no scope form stands for a branch name, so the name checks still see it.
            scope: ScopeInput::parse(&sc).unwrap_or_else(|_| ScopeInput::new(ScopeKind::Branch, sc)),
            region: reg,
            stack_name: st,
            role_name: ro,
            table: ta,
            layer_prefix: lp,
            max_session: ms,
            sub_claim: ch.0,
            provider: ch.1,
            sharing: ch.2,
            cleanup: ch.3,
            preset: ch.4,
            role_secret: rs,
            table_secret: ts,
            region_variable: rv,
            account_id: acc,
            role_arn: arn,
            template_url: url,
        }
    })
}

/// The fields to reset to their defaults so that a refusal of `field` goes away (some
/// fields are checked together).
fn reset(field: Field) -> Vec<Field> {
    match field {
        Field::OwnerId | Field::RepoId => vec![Field::OwnerId, Field::RepoId],
        Field::AccountId | Field::RoleArn => vec![Field::AccountId, Field::RoleArn],
        Field::RoleSecret | Field::TableSecret | Field::RegionVariable => {
            vec![Field::RoleSecret, Field::TableSecret, Field::RegionVariable]
        }
        other => vec![other],
    }
}

fn check_refusals(input: &SetupInput, errors: &[ocelot_setup::core::setup::error::FieldError]) {
    assert!(!errors.is_empty(), "Err with no refusal");
    let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
    let unique: BTreeSet<Field> = fields.iter().copied().collect();
    assert_eq!(unique.len(), fields.len(), "one refusal per field: {errors:?}");
    for e in errors {
        let message = e.message.trim();
        assert!(message.len() >= 12, "{:?}: message too short to say what is wrong: {message:?}", e.field);
        // A leftover format placeholder or debug print, outside the quoted value typed.
        let words = reset(e.field).into_iter().filter_map(|f| input.text(f)).fold(message.to_string(), |m, typed| {
            if typed.trim().is_empty() {
                m
            } else {
                m.replace(typed.trim(), "")
            }
        });
        assert!(!words.contains("{}") && !words.contains("Some("), "{:?}: message {message:?}", e.field);
        let mut fixed = input.clone();
        for f in reset(e.field) {
            fixed.set_value(f, if f == Field::Fork { "octo-cat/ocelot" } else { "" });
        }
        if let Err(still) = Setup::from_input(&fixed) {
            assert!(
                still.get(e.field).is_none(),
                "{:?} stays refused after resetting it: {:?} (first refusal: {})",
                e.field,
                still.get(e.field),
                e.message
            );
        }
    }
}

/// One word of a command line, or the `&&` operator.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Word {
    Text(String),
    And,
}

/// Splits a command line as POSIX sh does for what the core emits: blanks separate words,
/// backslash-newline joins lines, single quotes are literal, a backslash escapes the next
/// character. Anything sh would expand, redirect or treat as an operator (other than `&&`)
/// outside quotes is refused, as is a double quote.
fn shell_words(line: &str) -> Result<Vec<Word>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(q) => w.push(q),
                        None => return Err(format!("unclosed single quote in {line:?}")),
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(e) => word.get_or_insert_with(String::new).push(e),
                None => return Err(format!("trailing backslash in {line:?}")),
            },
            ' ' | '\t' | '\n' => words.extend(word.take().map(Word::Text)),
            '&' if word.is_none() && chars.peek() == Some(&'&') => {
                chars.next();
                words.push(Word::And);
            }
            '"' | '$' | '`' | ';' | '|' | '&' | '<' | '>' | '(' | ')' | '{' | '}' | '*' | '?' | '[' | ']' | '#'
            | '~' | '!' => return Err(format!("unquoted {c:?} in {line:?}")),
            c if c.is_control() => return Err(format!("unquoted control character {c:?} in {line:?}")),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word.map(Word::Text));
    Ok(words)
}

/// The words of a simple command (no operator).
fn command_words(line: &str) -> Vec<String> {
    shell_words(line)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|w| match w {
            Word::Text(t) => t,
            Word::And => panic!("unexpected && in {line:?}"),
        })
        .collect()
}

fn strs(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// Every command the core emits for `setup`, with the words each must be.
fn commands(setup: &Setup) -> Vec<(String, Option<Vec<String>>)> {
    let (stack, region) = (setup.stack_name.as_str(), setup.region.code());
    let deploy = DeployCommands::new(setup);
    let mut out = vec![
        (
            deploy.deploy.clone(),
            Some(strs(&[
                "aws",
                "cloudformation",
                "deploy",
                "--template-file",
                TEMPLATE_FILE,
                "--stack-name",
                stack,
                "--region",
                region,
                "--capabilities",
                "CAPABILITY_NAMED_IAM",
                "--no-fail-on-empty-changeset",
            ])),
        ),
        (
            deploy.outputs.clone(),
            Some(strs(&[
                "aws",
                "cloudformation",
                "describe-stacks",
                "--stack-name",
                stack,
                "--region",
                region,
                "--query",
                "Stacks[0].Outputs",
                "--output",
                "table",
            ])),
        ),
    ];
    let mut regenerate = strs(&["ocelot-setup", "template"]);
    regenerate.extend(setup.cli_args());
    out.push((setup.command(Subcommand::Template), Some(regenerate)));
    let fork = setup.fork.to_string();
    for entry in secret_entries(setup) {
        let kind = match entry.kind {
            SecretKind::Secret => "secret",
            SecretKind::Variable => "variable",
        };
        let value = entry.value.clone().unwrap_or_else(|| ROLE_ARN_PLACEHOLDER.to_string());
        out.push((
            entry.command.clone(),
            Some(strs(&["gh", kind, "set", &entry.name, "--repo", &fork, "--body", &value])),
        ));
    }
    for line in gh_script(setup).lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        out.push((line.to_string(), None));
    }
    for step in steps(setup, &ocelot_setup::core::guide::run::PublishWorkflow::upstream()) {
        if let Some(command) = step.command {
            out.push((command, None));
        }
    }
    out
}

fn check_commands(setup: &Setup) {
    for (command, expected) in commands(setup) {
        let words = command_words(&command);
        if let Some(expected) = expected {
            assert_eq!(words, expected, "{command}");
        }
        if words.iter().any(|w| w == "--repo") {
            let at = words.iter().position(|w| w == "--repo").expect("present");
            assert_eq!(words[at + 1], setup.fork.to_string(), "{command}");
        }
        if let Some(at) = words.iter().position(|w| w == "--table-name") {
            assert_eq!(words[at + 1], setup.table.as_str(), "{command}");
        }
    }
    let deploy = DeployCommands::new(setup);
    let script = shell_words(&deploy.script()).unwrap_or_else(|e| panic!("{e}"));
    let parts: Vec<&[Word]> = script.split(|w| *w == Word::And).collect();
    assert_eq!(parts.len(), 2, "deploy && outputs: {}", deploy.script());
    let text = |words: &[Word]| -> Vec<String> {
        words
            .iter()
            .map(|w| match w {
                Word::Text(t) => t.clone(),
                Word::And => unreachable!(),
            })
            .collect()
    };
    assert_eq!(text(parts[0]), command_words(&deploy.deploy));
    assert_eq!(text(parts[1]), command_words(&deploy.outputs));
}

/// The heredoc of a CloudShell script: its body, and how often its delimiter opens and closes.
fn heredoc(script: &str) -> (String, usize) {
    let lines: Vec<&str> = script.split('\n').collect();
    let open_prefix = format!("cat > {TEMPLATE_FILE} <<'");
    let opens: Vec<usize> = (0..lines.len()).filter(|i| lines[*i].starts_with(&open_prefix)).collect();
    assert_eq!(opens.len(), 1, "one heredoc in\n{script}");
    let open = opens[0];
    let delimiter =
        lines[open].strip_prefix(&open_prefix).and_then(|d| d.strip_suffix('\'')).expect("a quoted delimiter");
    assert!(!delimiter.is_empty() && !delimiter.contains('\''), "delimiter {delimiter:?}");
    let closes: Vec<usize> = (0..lines.len()).filter(|i| lines[*i] == delimiter).collect();
    assert_eq!(closes.len(), 1, "the delimiter {delimiter} closes exactly once");
    assert!(closes[0] > open, "closes after it opens");
    let mut body = lines[open + 1..closes[0]].join("\n");
    body.push('\n');
    (body, opens.len() + closes.len())
}

fn check_cloudshell(setup: &Setup, yaml: &str) {
    let script = cloudshell_script(setup, yaml);
    let (body, delimiter_lines) = heredoc(&script);
    assert_eq!(delimiter_lines, 2);
    assert_eq!(body, yaml, "the heredoc holds the template verbatim");
    let after = script.split_once(&format!("\n{}", body)).map(|(_, rest)| rest).expect("body in script");
    let after = after.split_once('\n').map(|(_, rest)| rest).expect("closing line");
    assert_eq!(after, DeployCommands::new(setup).script(), "the deploy follows the heredoc");
}

fn check_outputs(setup: &Setup) {
    let template = Template::tailored(setup);
    let (yaml, json) = (template.to_yaml(), template.to_json());
    let from_yaml = parse(&yaml);
    assert_eq!(from_yaml, parse(&json), "YAML and JSON hold the same template");
    let p = setup.region.partition().as_str();
    let owner = setup.fork.owner.as_str();
    let repo = setup.fork.repo.as_str();
    let suffix = in_scope_suffix(&setup.scope);
    let generic = Template::generic().to_yaml();
    // A pasted subject claim template has its own tokens; the generic template cannot trust them.
    let resolved = match setup.sub_claim {
        Some(_) => {
            crate::sub_claim::check_case("a pasted subject claim", setup);
            vec![]
        }
        None => vec![resolve_tailored(setup, &yaml), resolve_generic(setup, &generic)],
    };
    for resolved in resolved {
        assert!(resolved.allows(&Token::new(format!("repo:{}:{suffix}", setup.fork), p)), "own token refused");
        if let Some(ids) = setup.ids {
            let sub = format!("repo:{owner}@{}/{repo}@{}:{suffix}", ids.owner_id, ids.repo_id);
            assert!(resolved.allows(&Token::new(sub, p)), "own id-form token refused");
        }
        for look_alike in [format!("{owner}/{repo}-x"), format!("{owner}-x/{repo}"), format!("{owner}/{repo}x")] {
            assert!(!resolved.allows(&Token::new(format!("repo:{look_alike}:{suffix}"), p)), "{look_alike} trusted");
        }
        assert!(!resolved.allows(&Token::new(format!("repo:{}:pull_request", setup.fork), p)), "PR trusted");
        if setup.scope != TrustScope::AnyRef {
            assert!(!resolved.allows(&Token::new(format!("repo:{}:ref:refs/heads/x{suffix}", setup.fork), p)));
        }
    }
    check_cloudshell(setup, &yaml);
    check_commands(setup);
}

fn check(input: &SetupInput) {
    match Setup::from_input(input) {
        Err(errors) => check_refusals(input, &errors.0),
        Ok(setup) => check_outputs(&setup),
    }
}

/// `cases` cases, or `PROPTEST_CASES` for a longer hunt; failures are not written to disk.
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    Config { cases, failure_persistence: None, ..Config::default() }
}

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn anything_typed_is_refused_by_field_or_sound(input in input(true)) {
        check(&input);
    }

    #[test]
    fn plausible_input_yields_sound_outputs(input in input(false)) {
        check(&input);
    }

    #[test]
    fn the_heredoc_survives_any_template_text(
        lines in prop::collection::vec(
            prop_oneof![
                Just("OCELOT_SETUP_TEMPLATE".to_string()),
                Just("OCELOT_SETUP_TEMPLATE_".to_string()),
                Just("OCELOT_SETUP_TEMPLATE__".to_string()),
                "[^\n]{0,12}",
            ],
            1..12,
        ),
    ) {
        let setup = matrix()[0].setup();
        let text = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
        let (body, delimiter_lines) = heredoc(&cloudshell_script(&setup, &text));
        prop_assert_eq!(delimiter_lines, 2);
        prop_assert_eq!(body, text);
    }
}

/// A handful of valid setups with values shells love to misread.
fn tricky_setups() -> Vec<Setup> {
    let mut setups: Vec<Setup> = matrix().iter().map(|c| c.setup()).collect();
    for (scope, table) in [
        ("branch:it's", "a.b_c-d"),
        ("branch:$(touch${IFS}pwned)", "tbl"),
        ("branch:a\"b`c`{x,y}!h", "tbl"),
        ("branch:ünï/cødé-🦀", "tbl"),
        ("branch:${TableName}${!x}", "tbl"),
        ("branch:<script>alert(1)</script>", "tbl"),
        ("environment:prod: eu/1", "tbl"),
    ] {
        let mut input = SetupInput::for_fork("octo-cat/ocelot");
        input.scope = ScopeInput::parse(scope).unwrap();
        input.table = table.to_string();
        input.account_id = "123456789012".to_string();
        input.role_name = "a+b=c,d.e@f_g-h".to_string();
        setups.push(Setup::from_input(&input).unwrap_or_else(|e| panic!("{scope}: {e}")));
    }
    setups
}

/// bash itself agrees with the splitter, and a CloudShell script writes the template
/// byte for byte and runs the two commands (with `aws` stubbed out).
#[test]
fn bash_reads_the_commands_as_the_splitter_does() {
    let dir = tempfile::tempdir().expect("a temp dir");
    for setup in tricky_setups() {
        check_outputs(&setup);
        for (command, _) in commands(&setup) {
            let out = Command::new("bash")
                .arg("-c")
                .arg(format!("printf '%s\\0' {command}"))
                .current_dir(dir.path())
                .output()
                .expect("bash runs");
            assert!(out.status.success(), "{command}: {}", String::from_utf8_lossy(&out.stderr));
            let mut from_bash: Vec<String> =
                String::from_utf8(out.stdout).expect("utf-8").split('\0').map(String::from).collect();
            assert_eq!(from_bash.pop().as_deref(), Some(""), "printf ends with NUL");
            assert_eq!(from_bash, command_words(&command), "bash and the splitter disagree on {command}");
        }
        let yaml = Template::tailored(&setup).to_yaml();
        let stub = "aws() { printf '%s\\0' \"$@\" >> calls; printf '\\n' >> calls; }\n";
        let calls = dir.path().join("calls");
        let _ = std::fs::remove_file(&calls);
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!("{stub}{}", cloudshell_script(&setup, &yaml)))
            .current_dir(dir.path())
            .output()
            .expect("bash runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let written = std::fs::read_to_string(dir.path().join(TEMPLATE_FILE)).expect("the script writes the template");
        assert_eq!(written, yaml, "CloudShell writes the template verbatim");
        let recorded = std::fs::read_to_string(&calls).expect("aws was called");
        let recorded: Vec<Vec<String>> =
            recorded.lines().map(|l| l.split('\0').filter(|w| !w.is_empty()).map(String::from).collect()).collect();
        let deploy = DeployCommands::new(&setup);
        let expected: Vec<Vec<String>> =
            [&deploy.deploy, &deploy.outputs].iter().map(|c| command_words(c)[1..].to_vec()).collect();
        assert_eq!(recorded, expected, "the script runs deploy then outputs");
        assert!(!dir.path().join("pwned").exists(), "a value ran as a command");
    }
}

#[test]
fn the_splitter_refuses_what_sh_would_expand() {
    for bad in ["a $b", "a `b`", "a;b", "a|b", "a>b", "a*", "\"a\"", "a #b", "~/x", "{a,b}", "'open"] {
        assert!(shell_words(bad).is_err(), "{bad}");
    }
    assert_eq!(command_words("a 'b c' d\\ e \\\n  'it'\\''s'"), strs(&["a", "b c", "d e", "it's"]));
}
