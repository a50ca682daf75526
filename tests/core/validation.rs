//! Every validation rule, accepted and refused edge cases. Each refusal must name the field,
//! say what is wrong and say what would be right: the tables give a fragment of each.

use ocelot_setup::core::setup::aws::{Partition, Region, RoleArn, TemplateUrl};
use ocelot_setup::core::setup::field::Field;
use ocelot_setup::core::setup::session::SessionDuration;
use ocelot_setup::core::setup::values::{
    parse_github_id, AccountId, Fork, LayerPrefix, RoleName, SecretName, StackName, TableName,
};
use ocelot_setup::core::setup::{ScopeInput, ScopeKind};
use ocelot_setup::core::setup::{SecretPreset, Setup, SetupInput, TrustScope};
use ocelot_setup::core::template::subjects::trusted_subjects;

/// What a refusal must say: something about what is wrong and something about what is right.
struct Refused {
    wrong: &'static str,
    right: &'static str,
}

const fn refused(wrong: &'static str, right: &'static str) -> Refused {
    Refused { wrong, right }
}

fn check_refusal(input: &str, message: &str, expected: &Refused) {
    assert!(
        message.contains(expected.wrong),
        "{input:?}: message {message:?} does not say what is wrong ({:?})",
        expected.wrong
    );
    assert!(
        message.contains(expected.right),
        "{input:?}: message {message:?} does not say what would be right ({:?})",
        expected.right
    );
    assert!(message.starts_with(|c: char| !c.is_uppercase()), "{input:?}: message {message:?} is not lowercase");
}

/// Runs a parser over accepted values (with what they become) and refused values.
fn check_parser<T>(
    parse: impl Fn(&str) -> Result<T, String>,
    show: impl Fn(&T) -> String,
    accepted: &[(&str, &str)],
    refusals: &[(&str, Refused)],
) {
    for (input, expected) in accepted {
        match parse(input) {
            Ok(value) => assert_eq!(show(&value), *expected, "{input:?} parsed to the wrong value"),
            Err(message) => panic!("{input:?} was refused: {message}"),
        }
    }
    for (input, expected) in refusals {
        match parse(input) {
            Ok(value) => panic!("{input:?} was accepted as {}", show(&value)),
            Err(message) => check_refusal(input, &message, expected),
        }
    }
}

/// Validates `input` and checks the refusal of `field` (and that it is the only one).
fn check_setup_refusal(input: &SetupInput, field: Field, expected: Refused) {
    let errors = match Setup::from_input(input) {
        Ok(_) => panic!("{input:?} was accepted, expected a refusal of {field:?}"),
        Err(errors) => errors,
    };
    let fields: Vec<Field> = errors.0.iter().map(|e| e.field).collect();
    assert_eq!(fields, [field], "{input:?}: refused fields: {errors}");
    check_refusal(&format!("{field:?}"), &errors.0[0].message, &expected);
}

fn input(edit: impl FnOnce(&mut SetupInput)) -> SetupInput {
    let mut input = SetupInput::for_fork("octocat/ocelot");
    edit(&mut input);
    input
}

fn valid(input: &SetupInput) -> Setup {
    Setup::from_input(input).unwrap_or_else(|e| panic!("{input:?} was refused: {e}"))
}

#[test]
fn fork_accepts_names_urls_and_remotes() {
    let thirty_nine = "a".repeat(39);
    let hundred = "r".repeat(100);
    let long_owner = format!("{thirty_nine}/ocelot");
    let long_owner_expected = long_owner.replace('/', "|");
    let long_repo = format!("octocat/{hundred}");
    let long_repo_expected = long_repo.replace('/', "|");
    check_parser(
        Fork::parse,
        |f| format!("{}|{}", f.owner, f.repo),
        &[
            ("octocat/ocelot", "octocat|ocelot"),
            ("  octocat/ocelot \n", "octocat|ocelot"),
            ("Octo-Cat/my.ocelot_fork-2", "Octo-Cat|my.ocelot_fork-2"),
            ("https://github.com/octocat/ocelot", "octocat|ocelot"),
            ("https://github.com/octocat/ocelot.git", "octocat|ocelot"),
            ("https://github.com/octocat/ocelot/", "octocat|ocelot"),
            ("https://github.com/octocat/ocelot.git/", "octocat|ocelot"),
            ("HTTPS://GitHub.com/octocat/ocelot", "octocat|ocelot"),
            ("https://www.github.com/octocat/ocelot", "octocat|ocelot"),
            ("github.com/octocat/ocelot", "octocat|ocelot"),
            ("git@github.com:octocat/ocelot.git", "octocat|ocelot"),
            ("ssh://git@github.com/octocat/ocelot.git", "octocat|ocelot"),
            ("1/2", "1|2"),
            (long_owner.as_str(), long_owner_expected.as_str()),
            (long_repo.as_str(), long_repo_expected.as_str()),
        ],
        &[],
    );
    let fork = Fork::parse("https://github.com/octocat/ocelot.git").unwrap();
    assert_eq!(fork.to_string(), "octocat/ocelot");
}

#[test]
fn fork_refuses_what_github_refuses() {
    let forty = format!("{}/ocelot", "a".repeat(40));
    let hundred_one = format!("octocat/{}", "r".repeat(101));
    let cases: Vec<(&str, Refused)> = vec![
        ("", refused("enter your fork", "e.g. octocat/ocelot")),
        ("   ", refused("enter your fork", "e.g. octocat/ocelot")),
        ("octocat/*", refused("the wildcard '*'", "letters, digits, '.', '_' and '-'")),
        ("*/ocelot", refused("the wildcard '*'", "letters, digits and single hyphens")),
        ("octocat/ocel?t", refused("the wildcard '?'", "letters, digits, '.', '_' and '-'")),
        ("octocat/oce lot", refused("a space", "e.g. octocat/ocelot")),
        ("octo cat/ocelot", refused("a space", "e.g. octocat/ocelot")),
        ("octocat/\tocelot", refused("a tab", "e.g. octocat/ocelot")),
        ("octocat\n/ocelot", refused("a line break", "e.g. octocat/ocelot")),
        ("octocat/oce\u{0}lot", refused("the control character U+0000", "e.g. octocat/ocelot")),
        ("octocat/oce\u{7f}lot", refused("the control character U+007F", "e.g. octocat/ocelot")),
        ("-octocat/ocelot", refused("starts or ends with a hyphen", "begin and end with a letter or digit")),
        ("octocat-/ocelot", refused("starts or ends with a hyphen", "begin and end with a letter or digit")),
        ("octo--cat/ocelot", refused("two hyphens in a row", "single hyphens")),
        ("octo_cat/ocelot", refused("'_'", "letters, digits and single hyphens")),
        (forty.as_str(), refused("40 characters is too long", "1 to 39 characters")),
        (hundred_one.as_str(), refused("101 characters is too long", "1 to 100 characters")),
        ("octocat/.", refused("\".\" is not a repository name", "e.g. octocat/ocelot")),
        ("octocat/..", refused("\"..\" is not a repository name", "e.g. octocat/ocelot")),
        ("octocat", refused("has no repository", "OWNER/REPO")),
        ("https://github.com/octocat", refused("has no repository", "OWNER/REPO")),
        ("octocat/", refused("has no repository", "OWNER/REPO")),
        ("/ocelot", refused("the owner is empty", "OWNER/REPO")),
        ("octocat/ocelot/tree/main", refused("more than OWNER/REPO", "e.g. octocat/ocelot")),
        (
            "https://github.com/octocat/ocelot/pulls",
            refused("more than OWNER/REPO", "https://github.com/octocat/ocelot"),
        ),
        ("octocat//ocelot", refused("more than OWNER/REPO", "e.g. octocat/ocelot")),
        ("https://gitlab.com/octocat/ocelot", refused("is not a github.com repository", "https://github.com/")),
        ("git@gitlab.com:octocat/ocelot.git", refused("is not a github.com repository", "https://github.com/")),
        (
            "https://github.com.evil.com/octocat/ocelot",
            refused("is not a github.com repository", "https://github.com/"),
        ),
        ("gitlab.com/octocat/ocelot", refused("more than OWNER/REPO", "https://github.com/octocat/ocelot")),
    ];
    check_parser(Fork::parse, |f| f.to_string(), &[], &cases);
}

#[test]
fn fork_refusal_is_reported_on_the_fork_field() {
    check_setup_refusal(&input(|i| i.fork = "octocat/*".into()), Field::Fork, refused("wildcard", "letters"));
    check_setup_refusal(&input(|i| i.fork = String::new()), Field::Fork, refused("enter your fork", "e.g."));
}

#[test]
fn github_ids_are_positive_numbers() {
    check_parser(
        |v| parse_github_id(v, "owner id"),
        u64::to_string,
        &[("583231", "583231"), (" 1 ", "1"), ("007", "7"), ("18446744073709551615", "18446744073709551615")],
        &[
            ("0", refused("out of range", "positive number")),
            ("18446744073709551616", refused("out of range", "below 2^64")),
            ("abc", refused("\"abc\" is not a number", "e.g. 583231")),
            ("-1", refused("is not a number", "e.g. 583231")),
            ("1e6", refused("is not a number", "e.g. 583231")),
            ("12 34", refused("is not a number", "e.g. 583231")),
            ("", refused("is not a number", "e.g. 583231")),
        ],
    );
}

#[test]
fn github_ids_come_both_or_neither() {
    let with_ids = |owner: &str, repo: &str| {
        input(|i| {
            i.owner_id = owner.into();
            i.repo_id = repo.into();
        })
    };
    assert_eq!(valid(&with_ids("", "")).ids, None);
    assert_eq!(valid(&with_ids("  ", " ")).ids, None);
    let ids = valid(&with_ids("583231", " 1296269 ")).ids.expect("both ids given");
    assert_eq!((ids.owner_id, ids.repo_id), (583231, 1296269));

    check_setup_refusal(&with_ids("583231", ""), Field::RepoId, refused("repository id is missing", "both ids"));
    check_setup_refusal(&with_ids("", "1296269"), Field::OwnerId, refused("owner id is missing", "both ids"));
    check_setup_refusal(&with_ids("0", "1296269"), Field::OwnerId, refused("out of range", "positive number"));
    check_setup_refusal(&with_ids("583231", "x12"), Field::RepoId, refused("not a number", "repository id"));
    check_setup_refusal(
        &with_ids("583231", "99999999999999999999"),
        Field::RepoId,
        refused("out of range", "below 2^64"),
    );
    let errors = Setup::from_input(&with_ids("abc", "0")).unwrap_err();
    let fields: Vec<Field> = errors.0.iter().map(|e| e.field).collect();
    assert_eq!(fields, [Field::OwnerId, Field::RepoId], "{errors}");
}

/// What the role's subject holds after `repo:OWNER/REPO:` for a run in `scope`.
fn subject_suffix(scope: &TrustScope) -> String {
    let mut setup = Setup::from_input(&SetupInput::for_fork("octo-cat/ocelot")).expect("valid");
    setup.scope = scope.clone();
    let subjects = trusted_subjects(&setup);
    subjects[0].strip_prefix("repo:octo-cat/ocelot:").expect("the name form").to_string()
}

#[test]
fn trust_scope_parses_any_branch_and_environment() {
    check_parser(
        TrustScope::parse,
        subject_suffix,
        &[
            ("", "ref:*"),
            ("any", "ref:*"),
            ("any\n", "ref:*"),
            ("branch:main", "ref:refs/heads/main"),
            ("branch:release/v1", "ref:refs/heads/release/v1"),
            ("branch:feature-x_1.2", "ref:refs/heads/feature-x_1.2"),
            ("environment:production", "environment:production"),
            ("environment:prod:eu", "environment:prod%3Aeu"),
            ("environment:a:b:c", "environment:a%3Ab%3Ac"),
            ("environment:Prod EU/1", "environment:Prod EU/1"),
        ],
        &[
            ("all", refused("\"all\" is not a trust scope", "branch:NAME (e.g. branch:main)")),
            ("tag:v1", refused("is not a trust scope", "environment:NAME")),
            ("Branch:main", refused("is not a trust scope", "branch:NAME")),
            ("branch", refused("is not a trust scope", "branch:NAME")),
            ("pull_request", refused("is not a trust scope", "any, branch:NAME")),
            ("branch:", refused("the branch is empty", "e.g. branch:main")),
            ("branch:ma*in", refused("contains the wildcard '*'", "git branch names have no")),
            ("branch:ma?n", refused("contains the wildcard '?'", "git branch names have no")),
            ("branch:my branch", refused("contains a space", "no spaces")),
            ("branch:a\tb", refused("contains a tab", "no spaces")),
            ("branch:a~1", refused("'~'", "no spaces")),
            ("branch:a^b", refused("'^'", "no spaces")),
            ("branch:a:b", refused("':'", "no spaces")),
            ("branch:a[b", refused("'['", "no spaces")),
            ("branch:a\\b", refused("'\\'", "no spaces")),
            ("branch:a\u{fffe}b", refused("the noncharacter U+FFFE", "cannot hold U+FFFE")),
            ("branch:a..b", refused("not a valid git branch name", "such as main or release/v1")),
            ("branch:/main", refused("not a valid git branch name", "such as main")),
            ("branch:main/", refused("not a valid git branch name", "such as main")),
            ("branch:main.", refused("not a valid git branch name", "such as main")),
            ("branch:main.lock", refused("not a valid git branch name", "such as main")),
            ("branch:a//b", refused("not a valid git branch name", "such as main")),
            ("branch:a@{b", refused("not a valid git branch name", "such as main")),
            ("branch:@", refused("not a valid git branch name", "such as main")),
            ("branch:-main", refused("not a valid git branch name", "such as main")),
            ("branch:.hidden", refused("not a valid git branch name", "such as main")),
            ("branch:a/.b", refused("not a valid git branch name", "such as main")),
            ("environment:", refused("the environment is empty", "e.g. environment:production")),
            ("environment:   ", refused("the environment is empty", "e.g. environment:production")),
            ("environment: prod", refused("starts or ends with a space", "without them")),
            ("environment:prod ", refused("starts or ends with a space", "without them")),
            ("environment:prod*", refused("the wildcard '*'", "use letters, digits")),
            ("environment:pr\"od", refused("'\"'", "use letters, digits")),
        ],
    );
    let long = format!("branch:{}", "b".repeat(256));
    let message = TrustScope::parse(&long).unwrap_err();
    check_refusal(&long, &message, &refused("256 characters is too long", "1 to 255"));
    assert!(TrustScope::parse(&format!("branch:{}", "b".repeat(255))).is_ok());
}

#[test]
fn trust_scope_round_trips_through_its_argument() {
    for arg in ["any", "branch:release/v1", "environment:prod:eu"] {
        let scope = TrustScope::parse(arg).unwrap();
        assert_eq!(scope.to_arg(), arg);
        assert_eq!(TrustScope::parse(&scope.to_arg()).unwrap(), scope);
    }
    check_setup_refusal(
        &input(|i| i.scope = ScopeInput::new(ScopeKind::Environment, "")),
        Field::Scope,
        refused("the environment is empty", "e.g. environment:production"),
    );
}

#[test]
fn region_knows_codes_and_partitions() {
    check_parser(
        |v| Region::parse(v).map(|r| (r, r.partition())),
        |(r, p)| format!("{r} {p}"),
        &[
            ("us-east-1", "us-east-1 aws"),
            (" eu-west-1 ", "eu-west-1 aws"),
            ("ap-southeast-7", "ap-southeast-7 aws"),
            ("mx-central-1", "mx-central-1 aws"),
            ("cn-north-1", "cn-north-1 aws-cn"),
            ("cn-northwest-1", "cn-northwest-1 aws-cn"),
            ("us-gov-west-1", "us-gov-west-1 aws-us-gov"),
            ("us-gov-east-1", "us-gov-east-1 aws-us-gov"),
        ],
        &[
            ("", refused("the region is empty", "such as us-east-1")),
            ("US-EAST-1", refused("not a known AWS region code", "did you mean us-east-1?")),
            ("us_east_1", refused("not a known AWS region code", "did you mean us-east-1?")),
            ("us-east-3", refused("not a known AWS region code", "did you mean us-east-1?")),
            ("eu-wst-1", refused("not a known AWS region code", "did you mean eu-west-1?")),
            ("cn-north1", refused("not a known AWS region code", "did you mean cn-north-1?")),
            ("us-gov-west-2", refused("not a known AWS region code", "did you mean us-gov-west-1?")),
            ("mars-central-1", refused("\"mars-central-1\" is not a known AWS region code", "such as us-east-1")),
            ("Frankfurt", refused("not a known AWS region code", "such as us-east-1 or eu-west-1")),
        ],
    );
    assert_eq!(Region::default().code(), "us-east-1");
    assert_eq!(Partition::AwsUsGov.console_host(), "console.amazonaws-us-gov.com");
}

#[test]
fn region_defaults_and_refusal_in_setup() {
    assert_eq!(valid(&input(|i| i.region = "  ".into())).region.code(), "us-east-1");
    check_setup_refusal(
        &input(|i| i.region = "eu-west-9".into()),
        Field::Region,
        refused("not a known", "did you mean"),
    );
}

#[test]
fn stack_name_rules() {
    let max = format!("s{}", "1".repeat(127));
    let too_long = format!("s{}", "1".repeat(128));
    check_parser(
        StackName::parse,
        StackName::to_string,
        &[
            ("ocelot-fork-setup", "ocelot-fork-setup"),
            ("A", "A"),
            ("Ocelot-Layers-2", "Ocelot-Layers-2"),
            (max.as_str(), max.as_str()),
        ],
        &[
            ("", refused("the stack name is empty", "e.g. ocelot-fork-setup")),
            ("1stack", refused("does not start with a letter", "start with a letter")),
            ("-stack", refused("does not start with a letter", "e.g. ocelot-fork-setup")),
            ("my_stack", refused("contains '_'", "letters, digits and hyphens")),
            ("my stack", refused("contains a space", "letters, digits and hyphens")),
            ("my.stack", refused("contains '.'", "e.g. ocelot-fork-setup")),
            (too_long.as_str(), refused("129 characters is too long", "1 to 128 characters")),
        ],
    );
    check_setup_refusal(&input(|i| i.stack_name = "1x".into()), Field::StackName, refused("start", "letter"));
}

#[test]
fn role_name_rules() {
    let max = "r".repeat(64);
    let too_long = "r".repeat(65);
    check_parser(
        RoleName::parse,
        RoleName::to_string,
        &[
            ("ocelot-layer-publisher", "ocelot-layer-publisher"),
            ("gha+ocelot=publisher,@x_y.z", "gha+ocelot=publisher,@x_y.z"),
            ("+=,.@_-", "+=,.@_-"),
            ("R", "R"),
            (max.as_str(), max.as_str()),
        ],
        &[
            ("", refused("the role name is empty", "e.g. ocelot-layer-publisher")),
            (too_long.as_str(), refused("65 characters is too long", "1 to 64 characters")),
            ("my role", refused("contains a space", "letters, digits and + = , . @ _ -")),
            ("my/role", refused("contains '/'", "letters, digits and + = , . @ _ -")),
            ("role*", refused("the wildcard '*'", "+ = , . @ _ -")),
            ("rôle", refused("contains 'ô'", "+ = , . @ _ -")),
            ("role:x", refused("contains ':'", "+ = , . @ _ -")),
        ],
    );
    check_setup_refusal(&input(|i| i.role_name = too_long.clone()), Field::RoleName, refused("too long", "1 to 64"));
}

#[test]
fn table_name_rules() {
    let max = "t".repeat(255);
    let too_long = "t".repeat(256);
    check_parser(
        TableName::parse,
        TableName::to_string,
        &[
            ("abc", "abc"),
            ("PublishedCustomCollectorExtensionLayers", "PublishedCustomCollectorExtensionLayers"),
            ("my.layers_table-1", "my.layers_table-1"),
            (max.as_str(), max.as_str()),
        ],
        &[
            ("", refused("the table name is empty", "e.g. PublishedCustomCollectorExtensionLayers")),
            ("ab", refused("2 characters is too short", "3 to 255 characters")),
            (too_long.as_str(), refused("256 characters is too long", "3 to 255 characters")),
            ("my table", refused("contains a space", "letters, digits, '_', '.' and '-'")),
            ("my/table", refused("contains '/'", "letters, digits, '_', '.' and '-'")),
            ("tab:le", refused("contains ':'", "letters, digits, '_', '.' and '-'")),
        ],
    );
    check_setup_refusal(&input(|i| i.table = "ab".into()), Field::Table, refused("too short", "3 to 255"));
}

#[test]
fn layer_prefix_rules() {
    let max = "p".repeat(64);
    let too_long = "p".repeat(65);
    check_parser(
        LayerPrefix::parse,
        LayerPrefix::to_string,
        &[("ocel", "ocel"), ("my_layers", "my_layers"), ("a-b", "a-b"), (max.as_str(), max.as_str())],
        &[
            ("", refused("the prefix is empty", "so use ocel")),
            ("ocel-", refused("ends with a hyphen", "so write ocel")),
            ("my-layers--", refused("ends with a hyphen", "so write my-layers")),
            ("oc.el", refused("contains '.'", "letters, digits, '_' and '-'")),
            ("oc*", refused("the wildcard '*'", "letters, digits, '_' and '-'")),
            (too_long.as_str(), refused("65 characters is too long", "1 to 64 characters")),
        ],
    );
    check_setup_refusal(&input(|i| i.layer_prefix = "ocel-".into()), Field::LayerPrefix, refused("hyphen", "ocel"));
}

#[test]
fn session_duration_rules() {
    check_parser(
        SessionDuration::parse,
        |d| d.seconds().to_string(),
        &[("3600", "3600"), ("43200", "43200"), (" 7200 ", "7200")],
        &[
            ("3599", refused("\"3599\" is not a duration IAM accepts", "3600 (1 hour) to 43200 (12 hours)")),
            ("43201", refused("\"43201\" is not a duration IAM accepts", "e.g. 3600")),
            ("0", refused("not a duration IAM accepts", "e.g. 3600")),
            ("-3600", refused("not a duration IAM accepts", "e.g. 3600")),
            ("1h", refused("not a duration IAM accepts", "e.g. 3600")),
            ("3600.5", refused("not a duration IAM accepts", "e.g. 3600")),
            ("99999999999", refused("not a duration IAM accepts", "e.g. 3600")),
        ],
    );
    assert_eq!(SessionDuration::default().seconds(), 3600);
    assert_eq!(valid(&input(|_| {})).max_session.seconds(), 3600);
    check_setup_refusal(&input(|i| i.max_session = "60".into()), Field::MaxSession, refused("not a duration", "3600"));
}

#[test]
fn secret_name_rules() {
    let max = "S".repeat(255);
    let too_long = "S".repeat(256);
    check_parser(
        SecretName::parse,
        SecretName::to_string,
        &[
            ("AWS_ROLE_TO_ASSUME", "AWS_ROLE_TO_ASSUME"),
            ("_private", "_private"),
            ("a1", "a1"),
            ("MY_GITHUB_ROLE", "MY_GITHUB_ROLE"),
            (max.as_str(), max.as_str()),
        ],
        &[
            ("", refused("the name is empty", "e.g. AWS_ROLE_TO_ASSUME")),
            ("1ROLE", refused("starts with a digit", "start with a letter or '_'")),
            ("GITHUB_ROLE", refused("starts with GITHUB_", "e.g. AWS_ROLE_TO_ASSUME")),
            ("github_role", refused("starts with GITHUB_", "choose another name")),
            ("AWS-ROLE", refused("contains '-'", "letters, digits and '_'")),
            ("AWS ROLE", refused("contains a space", "letters, digits and '_'")),
            (too_long.as_str(), refused("256 characters is too long", "1 to 255 characters")),
        ],
    );
}

#[test]
fn secret_names_default_from_the_preset() {
    // With nothing read from the fork, the names are what upstream's workflows read.
    assert_eq!(valid(&input(|_| {})), valid(&input(|i| i.preset = SecretPreset::Upstream)));
    let seed = valid(&input(|i| i.preset = SecretPreset::Seed));
    assert_eq!(seed.secrets.preset, SecretPreset::Seed);
    assert_eq!(seed.secrets.role_secret.as_str(), "AWS_ROLE_TO_ASSUME");
    assert_eq!(seed.secrets.table_secret.as_ref().map(|n| n.as_str()), Some("DYNAMODB_TABLE_NAME"));
    assert_eq!(seed.secrets.region_variable, None);
    assert_eq!(seed.table.as_str(), "PublishedCustomCollectorExtensionLayers");

    let upstream = valid(&input(|i| i.preset = SecretPreset::Upstream));
    assert_eq!(upstream.secrets.role_secret.as_str(), "OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN");
    assert_eq!(upstream.secrets.table_secret, None);
    assert_eq!(upstream.secrets.region_variable.as_ref().map(|n| n.as_str()), Some("DYNAMODB_REGION"));
    assert_eq!(upstream.table.as_str(), "ocelot-layers");

    let custom = valid(&input(|i| {
        i.preset = SecretPreset::Upstream;
        i.table = "my-layers".into();
        i.role_secret = "MY_ROLE".into();
        i.region_variable = "MY_REGION".into();
    }));
    assert_eq!(custom.table.as_str(), "my-layers");
    assert_eq!(custom.secrets.role_secret.as_str(), "MY_ROLE");
    assert_eq!(custom.secrets.region_variable.as_ref().map(|n| n.as_str()), Some("MY_REGION"));
}

#[test]
fn secret_names_refusals() {
    check_setup_refusal(
        &input(|i| i.role_secret = "GITHUB_TOKEN".into()),
        Field::RoleSecret,
        refused("starts with GITHUB_", "e.g. AWS_ROLE_TO_ASSUME"),
    );
    check_setup_refusal(
        &input(|i| i.table_secret = "9TABLE".into()),
        Field::TableSecret,
        refused("starts with a digit", "start with a letter"),
    );
    check_setup_refusal(
        &input(|i| {
            i.preset = SecretPreset::Seed;
            i.table_secret = "aws_role_to_assume".into();
        }),
        Field::TableSecret,
        refused("is also the role secret name", "give each its own name"),
    );
    check_setup_refusal(
        &input(|i| {
            i.role_secret = "TABLE".into();
            i.table_secret = "table".into();
        }),
        Field::TableSecret,
        refused("case-insensitive", "give each its own name"),
    );
    check_setup_refusal(
        &input(|i| {
            i.preset = SecretPreset::Upstream;
            i.region_variable = "Otel_Lambda_Layer_Publish_Role_Arn".into();
        }),
        Field::RegionVariable,
        refused("is also the role secret name", "give each its own name"),
    );
    check_setup_refusal(
        &input(|i| i.region_variable = "DYNAMODB-REGION".into()),
        Field::RegionVariable,
        refused("contains '-'", "or - when no workflow reads one"),
    );
}

/// The preset gives the defaults only: any name may be added under either, and `-` drops one.
#[test]
fn optional_names_are_kept_added_or_dropped_under_any_preset() {
    let names = |edit: fn(&mut SetupInput)| {
        let s = valid(&input(edit)).secrets;
        (s.table_secret.map(|n| n.to_string()), s.region_variable.map(|n| n.to_string()))
    };
    assert_eq!(names(|_| {}), (None, Some("DYNAMODB_REGION".into())));
    assert_eq!(names(|i| i.region_variable = "-".into()), (None, None));
    assert_eq!(
        names(|i| i.table_secret = "DYNAMODB_TABLE_NAME".into()),
        (Some("DYNAMODB_TABLE_NAME".into()), Some("DYNAMODB_REGION".into()))
    );
    assert_eq!(
        names(|i| {
            i.preset = SecretPreset::Seed;
            i.table_secret = " - ".into();
            i.region_variable = "DYNAMODB_REGION".into();
        }),
        (None, Some("DYNAMODB_REGION".into()))
    );
}

#[test]
fn account_id_rules() {
    check_parser(
        AccountId::parse,
        AccountId::to_string,
        &[
            ("123456789012", "123456789012"),
            ("1234-5678-9012", "123456789012"),
            ("1234 5678 9012", "123456789012"),
            (" 000000000000 ", "000000000000"),
        ],
        &[
            ("", refused("the account id is empty", "e.g. 123456789012")),
            ("- -", refused("the account id is empty", "12 digits")),
            ("12345678901", refused("has 11 digits", "exactly 12, e.g. 123456789012")),
            ("1234567890123", refused("has 13 digits", "exactly 12")),
            ("1", refused("\"1\" has 1 digit;", "exactly 12")),
            (&"9".repeat(3_000), refused("has 3,000 digits", "exactly 12")),
            ("1234_5678_9012", refused("contains '_'", "12 digits, e.g. 123456789012")),
            ("12345678901O", refused("contains 'O'", "12 digits")),
            ("arn:aws:iam::123456789012:root", refused("contains 'a'", "12 digits")),
        ],
    );
    let setup = valid(&input(|i| i.account_id = "1234-5678-9012".into()));
    assert_eq!(
        setup.role_arn.map(|a| a.to_string()).as_deref(),
        Some("arn:aws:iam::123456789012:role/ocelot-layer-publisher")
    );
    check_setup_refusal(
        &input(|i| i.account_id = "12345678901".into()),
        Field::AccountId,
        refused("11 digits", "exactly 12"),
    );
}

#[test]
fn role_arn_from_account_follows_the_partition() {
    for (region, partition) in [("cn-north-1", "aws-cn"), ("us-gov-east-1", "aws-us-gov"), ("eu-west-1", "aws")] {
        let setup = valid(&input(|i| {
            i.region = region.into();
            i.role_name = "pub".into();
            i.account_id = "123456789012".into();
        }));
        assert_eq!(setup.role_arn.unwrap().to_string(), format!("arn:{partition}:iam::123456789012:role/pub"));
    }
}

#[test]
fn role_arn_rules() {
    let role = RoleName::parse("ocelot-layer-publisher").unwrap();
    let check = |partition: Partition, accepted: &[(&str, &str)], refusals: &[(&str, Refused)]| {
        check_parser(|v| RoleArn::parse(v, &role, partition), RoleArn::to_string, accepted, refusals);
    };
    let good = "arn:aws:iam::123456789012:role/ocelot-layer-publisher";
    check(
        Partition::Aws,
        &[(good, good), (format!("  {good}\n").as_str(), good)],
        &[
            ("", refused("is not an IAM role ARN", "e.g. arn:aws:iam::123456789012:role/ocelot-layer-publisher")),
            ("ocelot-layer-publisher", refused("is not an IAM role ARN", "paste the RoleArn output")),
            ("arn:aws:iam::12345678901:role/ocelot-layer-publisher", refused("is not an IAM role ARN", "e.g. arn:aws")),
            (
                "arn:aws:iam::123456789012:user/ocelot-layer-publisher",
                refused("is not an IAM role ARN", "e.g. arn:aws"),
            ),
            ("arn:aws:sts::123456789012:assumed-role/ocelot-layer-publisher/x", refused("not an IAM role ARN", "e.g.")),
            (
                "arn:azure:iam::123456789012:role/ocelot-layer-publisher",
                refused("not an IAM role ARN", "e.g. arn:aws:"),
            ),
            ("arn:aws:iam:us-east-1:123456789012:role/ocelot-layer-publisher", refused("not an IAM role ARN", "e.g.")),
            (
                "arn:aws-cn:iam::123456789012:role/ocelot-layer-publisher",
                refused("the ARN is in partition aws-cn, but the region chosen is in aws", "e.g. arn:aws:iam::"),
            ),
            (
                "arn:aws:iam::123456789012:role/other-role",
                refused("names role \"other-role\"", "or set the role name to \"other-role\""),
            ),
            (
                "arn:aws:iam::123456789012:role/path/ocelot-layer-publisher",
                refused("names role \"path/ocelot-layer-publisher\"", "paste the RoleArn output of this stack"),
            ),
        ],
    );
    let gov = "arn:aws-us-gov:iam::123456789012:role/ocelot-layer-publisher";
    check(
        Partition::AwsUsGov,
        &[(gov, gov)],
        &[(good, refused("partition aws, but the region chosen is in aws-us-gov", "e.g. arn:aws-us-gov:iam::"))],
    );
    let cn = "arn:aws-cn:iam::123456789012:role/ocelot-layer-publisher";
    check(Partition::AwsCn, &[(cn, cn)], &[(gov, refused("partition aws-us-gov", "e.g. arn:aws-cn:iam::"))]);
    assert_eq!(RoleArn::parse(good, &role, Partition::Aws).unwrap().account().as_str(), "123456789012");
}

#[test]
fn a_refused_arn_suggests_only_a_role_name_the_field_takes() {
    let role = RoleName::parse("ocelot-layer-publisher").unwrap();
    let refusal = |arn: &str| RoleArn::parse(arn, &role, Partition::Aws).unwrap_err();
    let with_path = refusal("arn:aws:iam::123456789012:role/path/ocelot-layer-publisher");
    assert!(!with_path.contains("set the role name"), "{with_path}");
    let too_long = refusal(&format!("arn:aws:iam::123456789012:role/{}", "r".repeat(65)));
    assert!(!too_long.contains("set the role name"), "{too_long}");
    let other = refusal("arn:aws:iam::123456789012:role/other-role");
    assert!(other.ends_with(", or set the role name to \"other-role\""), "{other}");
}

/// A refusal quotes the value it refuses, but a value pasted by mistake (a whole file, a
/// 6,000-character URL parameter) is cut, and a line break or control character in it is
/// written as an escape: the message stays short and on one line, in the CLI and the wizard.
#[test]
fn refusals_quote_long_and_unprintable_values_short_and_on_one_line() {
    let long = format!("octocat/{}", "x".repeat(6_000));
    let cases: Vec<(String, Result<(), String>)> = vec![
        (long.clone(), Fork::parse(&long).map(drop)),
        (format!("{}*", "s".repeat(6_000)), StackName::parse(&format!("{}*", "s".repeat(6_000))).map(drop)),
        (format!("t{}", "a b".repeat(3_000)), TableName::parse(&format!("t{}", "a b".repeat(3_000))).map(drop)),
        (
            format!("https://gitlab.com/{}", "o".repeat(500)),
            Fork::parse(&format!("https://gitlab.com/{}", "o".repeat(500))).map(drop),
        ),
        ("9".repeat(5_000), AccountId::parse(&"9".repeat(5_000)).map(drop)),
        ("main\nx".into(), TrustScope::parse("branch:main\nx").map(drop)),
        ("a\u{7}b".into(), StackName::parse("a\u{7}b").map(drop)),
    ];
    for (value, result) in cases {
        let message = result.expect_err(&format!("{:.40}... was accepted", value));
        assert!(message.chars().count() < 300, "{} characters: {message}", message.chars().count());
        assert!(!message.contains(['\n', '\r', '\u{7}']), "not one line: {message:?}");
        let shown = message.split('"').nth(1).unwrap_or_else(|| panic!("no quoted value in {message:?}"));
        assert!(shown.chars().count() <= 80, "the quote is {} characters: {message}", shown.chars().count());
        // The value, or the part of it that is refused (a fork's repository), cut after 60.
        let kept = shown.strip_suffix('…').unwrap_or(shown);
        assert!(value.contains(kept) || kept.contains('\\'), "{shown:?} is not from the value: {message}");
        if value.chars().count() > 80 {
            assert!(shown.ends_with('…') && kept.chars().count() == 60, "not cut after 60: {message}");
        }
    }
    let escaped = StackName::parse("a\u{7}b").unwrap_err();
    assert!(escaped.starts_with("\"a\\u{7}b\" contains the control character U+0007"), "{escaped}");
    let short = StackName::parse("my stack").unwrap_err();
    assert!(short.starts_with("\"my stack\" contains a space"), "{short}");
}

#[test]
fn role_arn_against_setup() {
    let arn = "arn:aws:iam::123456789012:role/ocelot-layer-publisher";
    let setup = valid(&input(|i| i.role_arn = arn.into()));
    assert_eq!(setup.role_arn.unwrap().to_string(), arn);

    let both = valid(&input(|i| {
        i.account_id = "1234-5678-9012".into();
        i.role_arn = arn.into();
    }));
    assert_eq!(both.role_arn.unwrap().to_string(), arn);

    check_setup_refusal(
        &input(|i| {
            i.account_id = "210987654321".into();
            i.role_arn = arn.into();
        }),
        Field::RoleArn,
        refused("the ARN is in account 123456789012, but the account id given is 210987654321", "make them agree"),
    );
    check_setup_refusal(
        &input(|i| {
            i.region = "cn-north-1".into();
            i.role_arn = arn.into();
        }),
        Field::RoleArn,
        refused("partition aws, but the region chosen is in aws-cn", "arn:aws-cn:iam::"),
    );
    check_setup_refusal(
        &input(|i| {
            i.role_name = "my-publisher".into();
            i.role_arn = arn.into();
        }),
        Field::RoleArn,
        refused("names role \"ocelot-layer-publisher\"", "set the role name to \"ocelot-layer-publisher\""),
    );
    check_setup_refusal(&input(|i| i.role_arn = "nope".into()), Field::RoleArn, refused("not an IAM role ARN", "e.g."));
}

#[test]
fn template_url_rules() {
    let accepted = [
        "https://bucket.s3.amazonaws.com/ocelot-setup-generic.yaml",
        "https://my-bucket.s3.us-east-1.amazonaws.com/ocelot-setup-generic.yaml",
        "https://s3.eu-west-1.amazonaws.com/bucket/key.yaml",
        "https://s3-us-west-2.amazonaws.com/bucket/key.yaml",
        "https://bucket.s3.cn-north-1.amazonaws.com.cn/t.yaml",
        "https://Bucket.S3.AmazonAWS.com/dir/t.json?versionId=abc",
        "https://bucket.s3.amazonaws.com/t.yaml#frag",
    ];
    let accepted: Vec<(&str, &str)> = accepted.iter().map(|u| (*u, *u)).collect();
    check_parser(
        TemplateUrl::parse,
        |u| u.as_str().to_string(),
        &accepted,
        &[
            ("http://bucket.s3.amazonaws.com/t.yaml", refused("is not an https URL", "e.g. https://my-bucket.s3.")),
            ("bucket.s3.amazonaws.com/t.yaml", refused("is not an https URL", "over https")),
            ("", refused("is not an https URL", "e.g. https://")),
            (
                "https://raw.githubusercontent.com/octocat/ocelot/main/t.yaml",
                refused("raw.githubusercontent.com is not an Amazon S3 host", "stored in S3"),
            ),
            ("https://bucket.s3.amazonaws.com", refused("names no object", "the template object's URL")),
            ("https://bucket.s3.amazonaws.com/", refused("names no object", "e.g. https://")),
            ("https://bucket.s3.amazonaws.com/?list-type=2", refused("names no object", "e.g. https://")),
            ("https://evil.com/s3.amazonaws.com", refused("evil.com is not an Amazon S3 host", "e.g. https://")),
            ("https://evil.com/bucket.s3.amazonaws.com/t.yaml", refused("evil.com is not an Amazon S3 host", "S3")),
            ("https://s3.amazonaws.com.evil.com/t.yaml", refused("is not an Amazon S3 host", "e.g. https://")),
            ("https://amazonaws.com/t.yaml", refused("is not an Amazon S3 host", "e.g. https://")),
            ("https://dynamodb.us-east-1.amazonaws.com/t", refused("is not an Amazon S3 host", "e.g. https://")),
            ("https://evil.com?.s3.amazonaws.com/t.yaml", refused("evil.com is not an Amazon S3 host", "S3")),
            ("https://evil.com#.s3.amazonaws.com/t.yaml", refused("evil.com is not an Amazon S3 host", "S3")),
            ("https://evil.com\\.s3.amazonaws.com/t.yaml", refused("evil.com is not an Amazon S3 host", "S3")),
            ("https://x@evil.s3.amazonaws.com/t.yaml", refused("is not an Amazon S3 host", "e.g. https://")),
            ("https://bucket.s3.amazonaws.com/my template.yaml", refused("contains a space", "copy the object URL")),
            ("https://bucket.s3.amazonaws.com/t.yaml\"><x", refused("contains '\"'", "copy the object URL")),
        ],
    );
    let setup = valid(&input(|i| i.template_url = " https://b.s3.amazonaws.com/t.yaml ".into()));
    assert_eq!(setup.template_url.unwrap().as_str(), "https://b.s3.amazonaws.com/t.yaml");
    assert_eq!(valid(&input(|_| {})).template_url, None);
    check_setup_refusal(
        &input(|i| i.template_url = "https://raw.githubusercontent.com/o/r/main/t.yaml".into()),
        Field::TemplateUrl,
        refused("not an Amazon S3 host", "not GitHub"),
    );
}

#[test]
fn defaults_fill_every_empty_field() {
    let setup = valid(&SetupInput::for_fork("octocat/ocelot"));
    assert_eq!(setup.scope, TrustScope::AnyRef);
    assert_eq!(setup.region.code(), "us-east-1");
    assert_eq!(setup.stack_name.as_str(), "ocelot-fork-setup");
    assert_eq!(setup.role_name.as_str(), "ocelot-layer-publisher");
    assert_eq!(setup.layer_prefix.as_str(), "ocel");
    assert_eq!(setup.ids, None);
    assert_eq!(setup.role_arn, None);
    assert_eq!(setup.cli_args(), ["--repo", "octocat/ocelot"]);
}

#[test]
fn setup_reports_every_bad_field_at_once_in_field_order() {
    // Typed in an order different from the wizard's, to see the sort.
    let bad = SetupInput {
        template_url: "http://example.com/t.yaml".into(),
        account_id: "123".into(),
        table_secret: "GITHUB_TABLE".into(),
        max_session: "60".into(),
        layer_prefix: "ocel-".into(),
        table: "t".into(),
        role_name: "a b".into(),
        stack_name: "9".into(),
        region: "moon-1".into(),
        scope: ScopeInput::parse("branch:ma*in").unwrap(),
        repo_id: "x".into(),
        owner_id: "0".into(),
        fork: "owner/*".into(),
        ..SetupInput::default()
    };
    let errors = Setup::from_input(&bad).unwrap_err();
    let fields: Vec<Field> = errors.0.iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [
            Field::Fork,
            Field::OwnerId,
            Field::RepoId,
            Field::Scope,
            Field::Region,
            Field::StackName,
            Field::RoleName,
            Field::Table,
            Field::LayerPrefix,
            Field::MaxSession,
            Field::TableSecret,
            Field::AccountId,
            Field::TemplateUrl,
        ],
        "{errors}"
    );
    let mut sorted = fields.clone();
    sorted.sort();
    assert_eq!(fields, sorted);
    for error in &errors.0 {
        assert_eq!(errors.get(error.field), Some(error));
        assert!(!error.message.is_empty());
        assert_eq!(error.to_string(), format!("{}: {}", error.field.label(), error.message));
        assert_eq!(error.for_cli(), format!("{}: {}", error.field.flag(), error.message));
    }
    assert_eq!(errors.to_string().lines().count(), fields.len());

    let two = Setup::from_input(&input(|i| {
        i.table = "ab".into();
        i.fork = "-x/y".into();
    }))
    .unwrap_err();
    let fields: Vec<Field> = two.0.iter().map(|e| e.field).collect();
    assert_eq!(fields, [Field::Fork, Field::Table]);
}

#[test]
fn account_id_is_checked_with_the_other_fields() {
    let errors = Setup::from_input(&input(|i| {
        i.stack_name = "_".into();
        i.account_id = "1".into();
        i.template_url = "https://example.com/t".into();
    }))
    .unwrap_err();
    let fields: Vec<Field> = errors.0.iter().map(|e| e.field).collect();
    assert_eq!(fields, [Field::StackName, Field::AccountId, Field::TemplateUrl], "{errors}");
}
