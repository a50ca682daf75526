//! A stand-in for api.github.com: recorded responses (tests/e2e/fixtures/*.http, status line,
//! headers, blank line, body) served per repository path, with GitHub's CORS headers.

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
        _ => fixture("not-found.http"),
    }
}

/// A GitHub whose unauthenticated rate limit is spent: 403 for everything.
pub fn rate_limited() -> &'static str {
    static STUB: OnceLock<String> = OnceLock::new();
    STUB.get_or_init(|| start(|_| fixture("rate-limited.http")))
}

/// A GitHub that cannot be reached: nothing listens there.
pub fn unreachable() -> String {
    format!("http://127.0.0.1:{}", closed_port())
}

/// The reset time of `rate-limited.http` (1751540000) as the page shows it in UTC.
pub const RATE_LIMIT_RESET_UTC: &str = "10:53:20";

fn start(route: impl Fn(&Request) -> Response + Send + Sync + 'static) -> String {
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

/// Reads a recorded response.
fn fixture(name: &str) -> Response {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/fixtures").join(name);
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
