use super::*;
use crate::core::setup::{Field, SetupInput};
use crate::core::workflows::{follow, inspect};

const API: &str = "http://127.0.0.1:9";
const REPO: &str = r#"{"id": 42, "full_name": "OctoCat/Ocelot", "owner": {"id": 7}, "fork": true,
    "default_branch": "main", "parent": {"full_name": "dev7a/ocelot"}}"#;

fn fork() -> Fork {
    Fork::parse("octocat/ocelot").unwrap()
}

fn entry(name: &str, size: u64) -> Entry {
    Entry { name: name.into(), path: format!("{WORKFLOWS}/{name}"), kind: "file".into(), size }
}

fn ok(body: &str) -> Answer {
    Answer { status: 200, remaining: Some("50".into()), reset: Some("1700000000".into()), body: body.into() }
}

fn status(status: u16, remaining: &str) -> Answer {
    Answer { status, remaining: Some(remaining.into()), reset: Some("1700000000".into()), body: String::new() }
}

fn time(t: u64) -> String {
    format!("t{t}")
}

fn listing(entries: &[Entry]) -> String {
    let items: Vec<String> = entries
        .iter()
        .map(|e| {
            format!(r#"{{"name":"{}","path":"{}","type":"{}","size":{},"sha":"x"}}"#, e.name, e.path, e.kind, e.size)
        })
        .collect();
    format!("[{}]", items.join(","))
}

#[test]
fn urls_encode_each_segment_but_keep_the_slashes() {
    let f = fork();
    assert_eq!(
        contents_url(API, &f, ".github/workflows", Some("main")),
        "http://127.0.0.1:9/repos/octocat/ocelot/contents/.github/workflows?ref=main"
    );
    assert_eq!(
        contents_url("https://api.github.com/", &f, ".github/workflows/my flow#1?.yml", Some("feat/a b&c")),
        "https://api.github.com/repos/octocat/ocelot/contents/.github/workflows/my%20flow%231%3F.yml?ref=feat%2Fa%20b%26c"
    );
    assert_eq!(contents_url(API, &f, "/a//b/", None), "http://127.0.0.1:9/repos/octocat/ocelot/contents/a/b");
    assert_eq!(
        contents_url(API, &f, ".github/workflows/<img src=x>.yml", None),
        "http://127.0.0.1:9/repos/octocat/ocelot/contents/.github/workflows/%3Cimg%20src%3Dx%3E.yml"
    );
}

#[test]
fn reads_a_listing_and_refuses_what_is_not_one() {
    let entries = parse_listing(&listing(&[entry("ci.yml", 10), entry("README.md", 5)])).unwrap();
    assert_eq!(entries, vec![entry("ci.yml", 10), entry("README.md", 5)]);
    let bad = |body: &str| match parse_listing(body) {
        Err(ReadError::BadBody(message)) => message,
        other => panic!("{body}: {other:?}"),
    };
    assert!(bad("<html>").contains("expected value"), "{}", bad("<html>"));
    assert!(bad(r#"{"name": "ci.yml"}"#).contains("expected a sequence"), "{}", bad(r#"{"name": "ci.yml"}"#));
    assert!(bad(r#"[{"name": "ci.yml", "path": "x"}]"#).contains("missing field `type`"));
    assert!(bad(r#"[{"name": "a", "path": "a", "type": "file", "size": -1}]"#).contains("expected u64"));
    assert!(bad("[").contains("EOF"), "{}", bad("["));
}

#[test]
fn plans_workflow_files_only_and_skips_big_ones_by_their_listed_size() {
    let mut dir = entry("nested", 0);
    dir.kind = "dir".into();
    let plan = plan(&[
        entry("ci.yml", 100),
        entry("notes.md", 10),
        dir,
        entry("huge.yaml", MAX_FILE_BYTES as u64 + 1),
        entry("edge.yaml", MAX_FILE_BYTES as u64),
    ]);
    assert_eq!(plan.fetch, vec![format!("{WORKFLOWS}/ci.yml"), format!("{WORKFLOWS}/edge.yaml")]);
    assert_eq!(plan.notices.len(), 1);
    assert_eq!(plan.notices[0].path, format!("{WORKFLOWS}/huge.yaml"));
    assert!(plan.notices[0].text.contains("1048577 bytes, more than the 1048576 read; not fetched"));
}

#[test]
fn over_the_file_cap_reads_none_and_says_so() {
    let many: Vec<Entry> = (0..=MAX_FILES).map(|i| entry(&format!("w{i}.yml"), 10)).collect();
    let over = plan(&many);
    assert!(over.fetch.is_empty());
    assert_eq!(over.notices.len(), 1);
    assert!(over.notices[0].text.contains("101 workflow files, more than the 100 read; none was read"));
    assert_eq!(plan(&many[..MAX_FILES]).fetch.len(), MAX_FILES);
}

/// Drives a reader with `answers`, checking each request's URL against `urls`.
fn drive(answers: &[(&str, Answer)]) -> Reader {
    let mut reader = Reader::new(API, fork());
    for (url, answer) in answers {
        let request = reader.next_request().unwrap_or_else(|| panic!("no request for {url}"));
        assert_eq!(request.url, format!("{API}{url}"));
        reader.answer(answer, time);
    }
    reader
}

const UPSTREAM: [(&str, &str); 3] = [
    ("ci.yml", include_str!("../../../tests/fixtures/workflows/upstream/.github/workflows/ci.yml")),
    ("docs.yml", include_str!("../../../tests/fixtures/workflows/upstream/.github/workflows/docs.yml")),
    ("r_publish.yml", include_str!("../../../tests/fixtures/workflows/upstream/.github/workflows/r_publish.yml")),
];

fn upstream_listing() -> String {
    listing(&UPSTREAM.iter().map(|(name, text)| entry(name, text.len() as u64)).collect::<Vec<_>>())
}

#[test]
fn reads_upstreams_workflows_in_order_and_follows_them() {
    let folder = "/repos/OctoCat/Ocelot/contents/.github/workflows?ref=main";
    let file = |name: &str| format!("/repos/OctoCat/Ocelot/contents/.github/workflows/{name}?ref=main");
    let reader = drive(&[
        ("/repos/octocat/ocelot", ok(REPO)),
        (folder, ok(&upstream_listing())),
        (&file("ci.yml"), ok(UPSTREAM[0].1)),
        (&file("docs.yml"), ok(UPSTREAM[1].1)),
        (&file("r_publish.yml"), ok(UPSTREAM[2].1)),
        ("/repos/OctoCat/Ocelot/contents/tools/scripts/otel_layer_utils/dynamodb_utils.py?ref=main", status(404, "45")),
    ]);
    assert_eq!(reader.next_request(), None);
    assert_eq!(reader.requests, 6);
    assert_eq!(reader.remaining, Some(45));
    assert_eq!(reader.stopped, None);
    assert_eq!(reader.folder, Folder::Listed { workflows: 3, planned: 3 });
    assert_eq!(reader.files.len(), 3);
    assert!(reader.notices[0].text.contains("the table name is assumed from dev7a/ocelot@505b216"));
    assert_eq!(
        reader.summary(),
        "Read 3 of 3 workflow files on main (6 requests to the GitHub API, 45 left this hour)."
    );

    let followed = follow(&inspect(&reader.files), &SetupInput::for_fork("OctoCat/Ocelot"));
    assert_eq!(followed.input.value(Field::RoleSecret).as_deref(), Some("OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN"));
    assert_eq!(followed.input.value(Field::RegionVariable).as_deref(), Some("DYNAMODB_REGION"));
    assert_eq!(followed.input.value(Field::Table).as_deref(), Some("ocelot-layers"));
}

#[test]
fn a_rate_limit_keeps_what_was_read_and_says_when_it_resets() {
    let file = |name: &str| format!("/repos/OctoCat/Ocelot/contents/.github/workflows/{name}?ref=main");
    let reader = drive(&[
        ("/repos/octocat/ocelot", ok(REPO)),
        ("/repos/OctoCat/Ocelot/contents/.github/workflows?ref=main", ok(&upstream_listing())),
        (&file("ci.yml"), ok(UPSTREAM[0].1)),
        (&file("docs.yml"), status(403, "0")),
    ]);
    assert_eq!(reader.next_request(), None, "no request after the limit");
    assert_eq!(reader.files.len(), 1);
    assert_eq!(reader.files[0].path, format!("{WORKFLOWS}/ci.yml"));
    assert_eq!(reader.stopped, Some(ReadError::RateLimited(Some("t1700000000".into()))));
    assert_eq!(reader.remaining, Some(0));
    assert_eq!(
        reader.summary(),
        "Read 1 of 3 workflow files on main (4 requests to the GitHub API, 0 left this hour)."
    );
}

#[test]
fn no_workflow_folder_reads_nothing_more() {
    let reader = drive(&[
        ("/repos/octocat/ocelot", ok(REPO)),
        ("/repos/OctoCat/Ocelot/contents/.github/workflows?ref=main", status(404, "48")),
    ]);
    assert_eq!(reader.next_request(), None);
    assert_eq!(reader.folder, Folder::Missing);
    assert!(reader.files.is_empty() && reader.stopped.is_none());
    assert!(reader.summary().starts_with("No .github/workflows folder on main: nothing to follow"));
}

#[test]
fn failures_stop_the_reading_and_keep_the_files() {
    let mut reader = drive(&[
        ("/repos/octocat/ocelot", ok(REPO)),
        ("/repos/OctoCat/Ocelot/contents/.github/workflows?ref=main", ok(&upstream_listing())),
        ("/repos/OctoCat/Ocelot/contents/.github/workflows/ci.yml?ref=main", ok(UPSTREAM[0].1)),
        ("/repos/OctoCat/Ocelot/contents/.github/workflows/docs.yml?ref=main", status(500, "40")),
    ]);
    assert!(reader.notices[0].text.contains("status 500; not read"));
    reader.no_answer("Failed to fetch");
    assert_eq!(reader.next_request(), None);
    assert_eq!(reader.requests, 5, "a request with no answer is still a request");
    assert_eq!(reader.files.len(), 1);
    assert!(matches!(reader.stopped, Some(ReadError::Unreachable(_))));

    let bad_listing = drive(&[
        ("/repos/octocat/ocelot", ok(REPO)),
        ("/repos/OctoCat/Ocelot/contents/.github/workflows?ref=main", ok("<html>")),
    ]);
    assert!(matches!(bad_listing.stopped, Some(ReadError::BadBody(_))));
    assert_eq!(bad_listing.next_request(), None);

    let mut offline = Reader::new(API, fork());
    offline.unreachable("the browser is offline");
    assert_eq!((offline.requests, offline.next_request()), (0, None));

    let missing = drive(&[("/repos/octocat/ocelot", status(404, "50"))]);
    assert!(matches!(missing.stopped, Some(ReadError::NotFound(_))));
    assert_eq!(missing.folder, Folder::NotRead);
    assert_eq!(missing.requests, 1);
    assert_eq!(missing.summary(), "The workflows were not read (1 request to the GitHub API, 50 left this hour).");
}

#[test]
fn a_repository_without_a_default_branch_reads_the_default() {
    let body = r#"{"id": 42, "full_name": "octocat/ocelot", "owner": {"id": 7}}"#;
    let reader = drive(&[
        ("/repos/octocat/ocelot", ok(body)),
        ("/repos/octocat/ocelot/contents/.github/workflows", ok(&listing(&[entry("a b.yml", 1)]))),
        ("/repos/octocat/ocelot/contents/.github/workflows/a%20b.yml", ok("on: push")),
        ("/repos/octocat/ocelot/contents/tools/scripts/otel_layer_utils/dynamodb_utils.py", ok("x")),
    ]);
    assert_eq!(reader.next_request(), None);
    assert_eq!(reader.files.len(), 2);
    assert!(reader.notices.is_empty());
}

#[test]
fn raw_requests_ask_for_the_raw_media_type() {
    let mut reader = Reader::new(API, fork());
    assert_eq!(reader.next_request().unwrap().accept(), ACCEPT_JSON);
    reader.answer(&ok(REPO), time);
    reader.answer(&ok(&listing(&[entry("ci.yml", 1)])), time);
    assert_eq!(reader.next_request().unwrap().accept(), ACCEPT_RAW);
}
