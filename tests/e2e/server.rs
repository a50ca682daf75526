//! The release builds of the wizard served as a static site on a loopback port: dist/ at the
//! root, the sub-path build (target/dist-subpath, `--public-url /ocelot/setup/`) under
//! /ocelot/setup/, and a docs site that embeds it under /ocelot/docs/ ([`crate::docs_site`]).
//!
//! Every HTML page of the wizard goes out with its Content-Security-Policy (csp.txt) as a
//! header too. For tests only, the GitHub stub the page is pointed at (`?github_api=`) is
//! added to `connect-src`, in the header and in the page's own `<meta>`: both policies apply.

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use ocelot_setup::core::setup::query::parse_query_string;
use ocelot_setup::core::site::EARLY_BIN;
use ocelot_setup::core::worker_protocol::WORKER_BIN;

use crate::docs_site;
use crate::http::{Request, Response, Server};

/// Where the sub-path build is served.
pub const SUBPATH: &str = "/ocelot/setup/";

/// The base URL of the served site, started on first use and shared by every test.
pub fn site() -> &'static str {
    static SITE: OnceLock<String> = OnceLock::new();
    SITE.get_or_init(|| {
        let server = start();
        let url = server.url();
        std::mem::forget(server);
        url
    })
}

/// A site of its own, for a test that stops it.
pub fn start() -> Server {
    let (dist, subpath) = (dist(), subpath_dist());
    Server::start(move |request| route(&dist, &subpath, request))
}

/// A site whose wasm has one byte changed on the way (as a compromised mirror or CDN would).
pub fn start_tampered() -> Server {
    let (dist, subpath) = (dist(), subpath_dist());
    Server::start(move |request| {
        let mut response = route(&dist, &subpath, request);
        if request.path.ends_with(".wasm") {
            if let Some(last) = response.body.last_mut() {
                *last ^= 1;
            }
        }
        response
    })
}

/// A site whose wizard's wasm comes only after `delay`, or never (`None`: 404), as on a slow
/// network; the early paint's and the worker's come at once.
pub fn start_with_slow_wasm(delay: Option<std::time::Duration>) -> Server {
    start_with_slow_early(delay, std::time::Duration::ZERO)
}

/// [`start_with_slow_wasm`], and the early paint's wasm comes after `early`.
pub fn start_with_slow_early(delay: Option<std::time::Duration>, early: std::time::Duration) -> Server {
    let (dist, subpath) = (dist(), subpath_dist());
    Server::start(move |request| {
        let path = request.path.as_str();
        if path.ends_with(".wasm") && path.contains(EARLY_BIN) {
            std::thread::sleep(early);
        } else if path.ends_with(".wasm") && !path.contains(WORKER_BIN) {
            match delay {
                Some(delay) => std::thread::sleep(delay),
                None => return Response::empty(404, "Not Found"),
            }
        }
        route(&dist, &subpath, request)
    })
}

/// The paths a site was asked for, in order.
pub type Asked = Arc<Mutex<Vec<String>>>;

/// A site of its own that notes every path asked, and answers 404 to those `refused` picks
/// (as a host or a policy blocking a file would).
pub fn start_watched(refused: fn(&str) -> bool) -> (Server, Asked) {
    let (dist, subpath) = (dist(), subpath_dist());
    let asked = Asked::default();
    let log = Arc::clone(&asked);
    let server = Server::start(move |request| {
        log.lock().expect("the log").push(request.path.clone());
        if refused(&request.path) {
            return Response::empty(404, "Not Found");
        }
        route(&dist, &subpath, request)
    });
    (server, asked)
}

fn route(dist: &Path, subpath: &Path, request: &Request) -> Response {
    let stub = stub_origin(&request.query);
    if let Some(page) = docs_site::page(&request.path, &request.query) {
        let mut response = Response::ok(page.content_type, page.body.into_bytes());
        if page.locked_down {
            let policy = policy(subpath, stub.as_deref());
            response.headers.push(("Content-Security-Policy".into(), policy));
        }
        return response;
    }
    match request.path.strip_prefix(SUBPATH) {
        Some(rest) => file(subpath, rest, stub.as_deref()),
        None => file(dist, &request.path, stub.as_deref()),
    }
}

fn dist() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    assert!(
        dist.join("index.html").is_file() && dist.join("csp.txt").is_file(),
        "{} has no release build of the site: run `trunk build --release` (after `source scripts/env.sh`), or `make test`",
        dist.display()
    );
    dist
}

fn subpath_dist() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/dist-subpath");
    assert!(
        dist.join("index.html").is_file() && dist.join("embed.js").is_file(),
        "{} has no sub-path build of the site: run `trunk build --release --public-url {SUBPATH} --dist target/dist-subpath`, or `make test`",
        dist.display()
    );
    dist
}

/// The origin of a loopback `github_api` in the query, e.g. `http://127.0.0.1:41234`.
fn stub_origin(query: &str) -> Option<String> {
    let (_, url) = parse_query_string(query).into_iter().find(|(k, _)| k == "github_api")?;
    let rest = url.strip_prefix("http://127.0.0.1:")?;
    let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!port.is_empty()).then(|| format!("http://127.0.0.1:{port}"))
}

/// The build's policy (csp.txt), with `stub` added to `connect-src`.
fn policy(dist: &Path, stub: Option<&str>) -> String {
    let path = dist.join("csp.txt");
    let policy = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    with_stub(policy.trim(), stub)
}

fn with_stub(policy: &str, stub: Option<&str>) -> String {
    let Some(stub) = stub else { return policy.to_string() };
    policy
        .split("; ")
        .map(|d| if d.starts_with("connect-src ") { format!("{d} {stub}") } else { d.to_string() })
        .collect::<Vec<_>>()
        .join("; ")
}

fn file(dist: &Path, path: &str, stub: Option<&str>) -> Response {
    let relative = Path::new(path.trim_start_matches('/'));
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Response::empty(404, "Not Found");
    }
    let mut file = dist.join(relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    let Ok(mut body) = std::fs::read(&file) else { return Response::empty(404, "Not Found") };
    let mut headers = Vec::new();
    if file.extension().is_some_and(|e| e == "html") {
        let production = policy(dist, None);
        let policy = with_stub(&production, stub);
        let html = String::from_utf8(body).expect("the page is UTF-8");
        let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{production}\" />");
        assert!(html.contains(&meta), "{} has no CSP <meta> equal to csp.txt: {production}", file.display());
        let meta_for_tests = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\" />");
        body = html.replace(&meta, &meta_for_tests).into_bytes();
        headers.push(("Content-Security-Policy".into(), policy));
    }
    let mut response = Response::ok(content_type(&file), body);
    response.headers.extend(headers);
    response
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "yaml" | "yml" => "application/x-yaml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
