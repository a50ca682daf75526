//! The release build of the wizard (dist/), served as a static site on a loopback port.

use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use crate::http::{serve, Response};

/// The base URL of the served site, started on first use and shared by every test.
pub fn site() -> &'static str {
    static SITE: OnceLock<String> = OnceLock::new();
    SITE.get_or_init(|| {
        let dist = dist();
        let address = serve(move |request| file(&dist, &request.path));
        format!("http://{address}")
    })
}

fn dist() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    assert!(
        dist.join("index.html").is_file(),
        "{} has no release build of the site: run `trunk build --release` (after `source scripts/env.sh`), or `make test`",
        dist.display()
    );
    dist
}

fn file(dist: &Path, path: &str) -> Response {
    let relative = Path::new(path.trim_start_matches('/'));
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Response::empty(404, "Not Found");
    }
    let mut file = dist.join(relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => Response {
            status: 200,
            reason: "OK".into(),
            headers: vec![
                ("Content-Type".into(), content_type(&file).into()),
                ("Cache-Control".into(), "no-store".into()),
            ],
            body,
        },
        Err(_) => Response::empty(404, "Not Found"),
    }
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
