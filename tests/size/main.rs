#![cfg(not(target_arch = "wasm32"))]
//! Size regression guard: what the release site ships, compressed with `brotli -q 11`: the
//! first load (index.html with its stylesheet inline, and the JS module and wasm it loads) must stay under
//! 300 KB, and with the worker loaded once a fork is typed, under 540 KB in all. This is
//! a guard against accidents, not the target (see `make bench` and the README). It was 200 KB
//! until the wizard learnt to read a fork's workflows and to check a setup: serde_yaml's parser
//! and emitter (unsafe-libyaml, about 71 KB of it), the workflow analysis, the doctor, the check
//! workflow and the diagnosis took the site from 158 KB to 306 KB (guard 320 KB). Then watching
//! the first run, the table of known failures with its answers, following calls at any depth
//! and the dispatch workflow, and the doctor's sources took it to 363 KB (2026-12-06); the
//! guard sat about 7% above. Then the reading of a fork, the check workflow (serde_yaml) and the
//! diagnosis moved to a worker loaded later (2026-12-06): the first load went from 365.4 KB to
//! 277.1 KB, and the worker adds 221.6 KB (the core's shared parts, such as the setup's
//! validation, are in both). Each guard sits about 8% above. Then the early paint (2026-12-06):
//! a shared link also loads a small module that shows its template before the wizard's wasm
//! (83.8 KB, the core's template again); its guard, 95 KB, is its own.
//! Needs `trunk build --release` first (`make test` does it) and the `brotli` CLI
//! (`bash scripts/setup.sh` installs it).

use std::path::{Path, PathBuf};
use std::process::Command;

use ocelot_setup::core::site::EARLY_BIN;
use ocelot_setup::core::worker_protocol::WORKER_BIN;

/// The limit on the first load's brotli bytes.
const FIRST_LIMIT: u64 = 300 * 1024;
/// The limit on the brotli total, the worker's files included (the early paint's are not).
const LIMIT: u64 = 540 * 1024;
/// The limit on the early paint's brotli bytes, loaded with a URL that carries setup state.
const EARLY_LIMIT: u64 = 95 * 1024;

fn dist() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    assert!(
        dist.join("index.html").is_file(),
        "{} has no release build of the site: run trunk build --release (after `source scripts/env.sh`) or make test",
        dist.display()
    );
    dist
}

/// When a file is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Load {
    /// With the page: index.html and what it references.
    First,
    /// With a URL that carries setup state, beside the first load: the early paint's files.
    Link,
    /// Once needed: the worker's files.
    Later,
}

/// index.html and the dist files it references, then the worker's, by kind (html, js, wasm, css).
fn shipped(dist: &Path) -> Vec<(Load, &'static str, PathBuf)> {
    let index = std::fs::read_to_string(dist.join("index.html")).expect("read dist/index.html");
    let mut files = vec![(Load::First, "html", dist.join("index.html"))];
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dist).expect("read dist/").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let kind = match name.rsplit('.').next() {
            Some("js") => "js",
            Some("wasm") => "wasm",
            Some("css") => "css",
            _ => continue,
        };
        if name.starts_with(&format!("{EARLY_BIN}.")) || name.starts_with(&format!("{EARLY_BIN}_")) {
            assert!(index.contains(&format!("/{name}?v=")), "dist/index.html does not load the early paint's {name}");
            files.push((Load::Link, kind, path));
        } else if index.contains(&format!("/{name}")) {
            files.push((Load::First, kind, path));
        } else if name.starts_with(&format!("{WORKER_BIN}.")) || name.starts_with(&format!("{WORKER_BIN}_")) {
            files.push((Load::Later, kind, path));
        }
    }
    files
}

fn brotli(path: &Path) -> u64 {
    let out = Command::new("brotli")
        .args(["-c", "-q", "11"])
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("brotli: {e}; run `bash scripts/setup.sh` (installs Debian's brotli)"));
    assert!(out.status.success(), "brotli -c -q 11 {} failed", path.display());
    out.stdout.len() as u64
}

#[test]
fn shipped_bytes_stay_under_the_guard() {
    let files = shipped(&dist());
    for load in [Load::First, Load::Link, Load::Later] {
        for kind in ["js", "wasm"] {
            assert!(
                files.iter().any(|(l, k, _)| *l == load && *k == kind),
                "dist/ has no .{kind} file loaded {load:?}: index.html loads the page and the early paint, {WORKER_BIN}_loader.js the worker"
            );
        }
    }
    let index = std::fs::read_to_string(dist().join("index.html")).expect("read dist/index.html");
    assert!(index.contains("<style>"), "dist/index.html holds no inline stylesheet (scripts/postbuild.py inlines it)");
    let (mut total, mut first, mut early) = (0, 0, 0);
    println!("{:<6} {:<6} {:>9} {:>9}  file", "load", "kind", "raw", "brotli");
    for (load, kind, path) in &files {
        let raw = std::fs::metadata(path).expect("stat").len();
        let compressed = brotli(path);
        match load {
            Load::First => first += compressed,
            Load::Link => early += compressed,
            Load::Later => {}
        }
        if *load != Load::Link {
            total += compressed;
        }
        let load = format!("{load:?}");
        println!("{load:<6} {kind:<6} {raw:>9} {compressed:>9}  {}", path.file_name().unwrap().to_string_lossy());
    }
    println!(
        "first load brotli: {first} bytes ({:.1} KB); guard {} KB; later: {} bytes",
        first as f64 / 1024.0,
        FIRST_LIMIT / 1024,
        total - first
    );
    println!("early paint brotli: {early} bytes ({:.1} KB); guard {} KB", early as f64 / 1024.0, EARLY_LIMIT / 1024);
    println!("total brotli: {total} bytes ({:.1} KB); guard {} KB", total as f64 / 1024.0, LIMIT / 1024);
    assert!(
        first < FIRST_LIMIT,
        "the first load is {first} bytes brotli-compressed ({:.1} KB), over the {} KB guard: what the first paint does not use belongs in the worker",
        first as f64 / 1024.0,
        FIRST_LIMIT / 1024
    );
    assert!(
        early < EARLY_LIMIT,
        "the early paint is {early} bytes brotli-compressed ({:.1} KB), over the {} KB guard: it should hold the template and the preview's lines, no more",
        early as f64 / 1024.0,
        EARLY_LIMIT / 1024
    );
    assert!(
        total < LIMIT,
        "the site ships {total} bytes brotli-compressed ({:.1} KB), over the {} KB guard: see `make bench` for what costs",
        total as f64 / 1024.0,
        LIMIT / 1024
    );
}
