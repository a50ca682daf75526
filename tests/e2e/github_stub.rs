//! A stand-in for api.github.com: recorded responses (tests/e2e/fixtures/*.http, status line,
//! headers, blank line, body) served per repository path, with GitHub's CORS headers.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::http::{closed_port, serve, Request, Response, Server};

/// The stub's answers: a fork of dev7a/ocelot, a repository that is not a fork, 404 for the rest.
pub fn recorded() -> &'static str {
    static STUB: OnceLock<String> = OnceLock::new();
    STUB.get_or_init(|| start(recorded_route))
}

/// The recorded GitHub of a test's own, for a test that stops it.
pub fn recorded_private() -> Server {
    Server::start(move |request| match request.method.as_str() {
        "OPTIONS" => preflight(),
        _ => recorded_route(request),
    })
}

fn recorded_route(request: &Request) -> Response {
    match request.path.to_ascii_lowercase().as_str() {
        "/repos/octocat/ocelot" => fixture("fork-of-ocelot.http"),
        "/repos/octocat/spoon-knife" => fixture("not-a-fork.http"),
        // No workflow folder: the seed names stay.
        path if path.contains("/contents/") => fixture("no-such-path.http"),
        _ => fixture("not-found.http"),
    }
}

/// A GitHub whose unauthenticated rate limit is spent: 403 for everything.
pub fn rate_limited() -> &'static str {
    static STUB: OnceLock<String> = OnceLock::new();
    STUB.get_or_init(|| start(|_| fixture("rate-limited.http")))
}

/// A GitHub where octocat/ocelot holds upstream ocelot's workflows and table script (the core
/// tests' fixtures, tests/fixtures/workflows/upstream, served as they are), and octocat/markup
/// is a fork whose texts and workflow files are HTML.
pub fn with_workflows() -> &'static str {
    static STUB: OnceLock<String> = OnceLock::new();
    STUB.get_or_init(|| start(|request| workflows_route(request, None)))
}

/// [`with_workflows`] with the rate limit spent at the second workflow file (docs.yml).
pub fn limited_at_second_file() -> &'static str {
    static STUB: OnceLock<String> = OnceLock::new();
    STUB.get_or_init(|| start(|request| workflows_route(request, Some("docs.yml"))))
}

/// [`with_workflows`] where the second workflow file (docs.yml) never arrives: its answer
/// lacks the CORS header, so the browser's `fetch` fails as it does when the network drops.
pub fn failing_at_second_file() -> &'static str {
    static STUB: OnceLock<String> = OnceLock::new();
    STUB.get_or_init(|| {
        start(|request| {
            let mut response = workflows_route(request, None);
            if request.path.ends_with("/docs.yml") {
                response.headers.retain(|(name, _)| !name.eq_ignore_ascii_case("Access-Control-Allow-Origin"));
            }
            response
        })
    })
}

fn workflows_route(request: &Request, limited_at: Option<&str>) -> Response {
    const FOLDER: &str = "/repos/octocat/ocelot/contents/.github/workflows";
    let path = request.path.to_ascii_lowercase();
    let raw = |file: Option<PathBuf>| match file {
        // GitHub answers the raw text only when asked for it.
        Some(_) if request.accept != "application/vnd.github.raw" => {
            let mut response = Response::empty(415, "Unsupported Media Type");
            response.headers.push(("Access-Control-Allow-Origin".into(), "*".into()));
            response
        }
        Some(file) => {
            let mut response = fixture("raw-file.http");
            response.body = std::fs::read(&file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
            response
        }
        None => fixture("no-such-path.http"),
    };
    // Every read of octocat/ocelot's files names its default branch, and nothing else.
    if path.starts_with("/repos/octocat/ocelot/contents/") && request.query != "ref=main" {
        let mut response = Response::empty(400, "Bad Request");
        response.headers.push(("Access-Control-Allow-Origin".into(), "*".into()));
        return response;
    }
    if let Some(name) = path.strip_prefix(FOLDER).and_then(|p| p.strip_prefix('/')) {
        if limited_at == Some(name) {
            return fixture("rate-limited.http");
        }
        return raw(upstream(&format!(".github/workflows/{name}")));
    }
    if let Some(rest) = path.strip_prefix("/repos/octocat/acme") {
        return acme_route(rest, raw);
    }
    match path.as_str() {
        "/repos/octocat/ocelot" => fixture("fork-of-ocelot.http"),
        FOLDER => fixture("workflows-listing.http"),
        "/repos/octocat/ocelot/contents/tools/scripts/otel_layer_utils/dynamodb_utils.py" => {
            raw(upstream("tools/scripts/otel_layer_utils/dynamodb_utils.py"))
        }
        "/repos/octocat/markup" => fixture("markup-fork.http"),
        "/repos/octocat/markup/contents/.github/workflows" => fixture("markup-listing.http"),
        "/repos/octocat/markup/contents/.github/workflows/publish.yml" => {
            raw(Some(fixtures().join("markup-publish.yml")))
        }
        p if p.starts_with("/repos/octocat/markup/contents/.github/workflows/%3cimg") => {
            raw(Some(fixtures().join("markup-broken.yml")))
        }
        _ => fixture("no-such-path.http"),
    }
}

/// octocat/acme: a fork whose workflows are the core tests' `mapped` fixture (its own secret
/// names, table region and layer prefix), served the way GitHub serves octocat/ocelot's.
fn acme_route(rest: &str, raw: impl Fn(Option<PathBuf>) -> Response) -> Response {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workflows/mapped");
    let folder = root.join(".github/workflows");
    let renamed = |mut response: Response| {
        let body = String::from_utf8_lossy(&response.body)
            .replace("OctoCat/ocelot", "OctoCat/acme")
            .replace("\"name\": \"ocelot\"", "\"name\": \"acme\"");
        response.body = body.into_bytes();
        response
    };
    match rest {
        "" => renamed(fixture("fork-of-ocelot.http")),
        "/contents/.github/workflows" => {
            let mut names: Vec<String> = std::fs::read_dir(&folder)
                .expect("the mapped fixture")
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect();
            names.sort();
            let entries: Vec<String> = names
                .iter()
                .map(|n| {
                    let size = std::fs::metadata(folder.join(n)).map(|m| m.len()).unwrap_or(0);
                    format!(r#"{{"name": "{n}", "path": ".github/workflows/{n}", "type": "file", "size": {size}}}"#)
                })
                .collect();
            let mut response = fixture("workflows-listing.http");
            response.body = format!("[{}]", entries.join(", ")).into_bytes();
            response
        }
        file => match file.strip_prefix("/contents/.github/workflows/") {
            Some(name) if !name.contains("..") && !name.contains('/') => {
                raw(Some(folder.join(name)).filter(|f| f.is_file()))
            }
            _ => fixture("no-such-path.http"),
        },
    }
}

/// A file of upstream ocelot as the core tests hold it, if there is one at `path`.
fn upstream(path: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workflows/upstream");
    let file = root.join(path);
    (!path.contains("..") && file.is_file()).then_some(file)
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/fixtures")
}

/// A GitHub that cannot be reached: nothing listens there.
pub fn unreachable() -> String {
    format!("http://127.0.0.1:{}", closed_port())
}

/// The reset time of `rate-limited.http` (1751540000) as the page shows it in UTC.
pub const RATE_LIMIT_RESET_UTC: &str = "10:53:20";

/// Serves `route` (with GitHub's CORS preflight) on a fresh port; its base URL.
pub fn start(route: impl Fn(&Request) -> Response + Send + Sync + 'static) -> String {
    let address = serve(move |request| match request.method.as_str() {
        "OPTIONS" => preflight(),
        _ => route(request),
    });
    format!("http://{address}")
}

fn preflight() -> Response {
    let mut response = Response::empty(204, "No Content");
    response.headers = vec![
        ("Access-Control-Allow-Origin".into(), "*".into()),
        ("Access-Control-Allow-Headers".into(), "Accept, Authorization, Content-Type, X-GitHub-Api-Version".into()),
        ("Access-Control-Allow-Methods".into(), "GET, POST, PATCH, PUT, DELETE".into()),
        ("Access-Control-Max-Age".into(), "86400".into()),
    ];
    response
}

/// Reads a recorded response (`name` relative to tests/e2e/fixtures).
pub fn fixture(name: &str) -> Response {
    let path = fixtures().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    let mut status = status_line.splitn(3, ' ').skip(1);
    let code = status.next().and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("{name}: bad status line"));
    let reason = status.next().unwrap_or_default().to_string();
    let headers = lines
        .filter_map(|line| line.split_once(": "))
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    Response { status: code, reason, headers, body: body.as_bytes().to_vec() }
}
