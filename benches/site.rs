//! `make bench` (scripts/bench.sh runs it as `cargo bench --bench site`): what the site ships,
//! how fast it loads beside a static page holding the same template, how fast the preview
//! follows typing, how fast the CLI runs as a process, and Lighthouse's scores. Writes
//! bench-results/bench.json and bench-results/bench.md.
//!
//! Everything stays on 127.0.0.1: dist/ and the floor page are served from an in-process HTTP
//! server on a free port, Chromium runs headless through Debian's chromedriver. Every loop is
//! bounded. Under `cargo test` (no `--bench` argument) it does nothing.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("site: skipped; `make bench` runs it");
        return;
    }
    native::run();
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/support/chromedriver.rs"]
#[allow(dead_code)] // `request` serves the end-to-end tests
mod chromedriver;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    // benches/native/: the parts of this inline module, by job.
    mod browser;
    mod report;
    mod server;

    use std::collections::BTreeMap;
    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpListener, TcpStream};
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use fantoccini::{Client, ClientBuilder};
    use hyper_util::client::legacy::connect::HttpConnector;
    use ocelot_setup::core::setup::{Setup, SetupInput};
    use ocelot_setup::core::site::{EARLY_BIN, TEMPLATE_TIMING};
    use ocelot_setup::core::template::Template;
    use serde_json::{json, Value};

    use crate::chromedriver::{Chromedriver, CHROMIUM_FLAGS};
    use browser::{keystroke, load};
    use report::markdown;
    use server::{floor_page, form_floor_page, typing_floor_page, Server, PAGE_SNAPSHOT};

    /// The fork every measurement uses.
    const FORK: &str = "octocat/ocelot";
    /// The mark the wizard sets when its preview first shows a template (src/ui/mod.rs).
    const MARK: &str = "ocelot-setup:template-shown";
    /// The mark the wizard sets when its wasm starts running (src/ui/mod.rs).
    const START: &str = "ocelot-setup:start";
    /// The mark the early paint sets when it has filled the static copy (src/ui/early.rs).
    const EARLY: &str = "ocelot-setup:early-paint";

    /// The targets from the Benchmarks issue.
    const TARGET_BROTLI_TOTAL: u64 = 120 * 1024;
    const TARGET_LOAD_RATIO: f64 = 1.5;
    /// The bare page's fork field painted, against the same page without its wasm (issue 16).
    const TARGET_FORM_RATIO: f64 = 1.2;
    const TARGET_KEYSTROKE_P95_MS: f64 = 4.0;
    const TARGET_CLI_MS: f64 = 5.0;
    const TARGET_RENDER_US: f64 = 50.0;

    fn env_count(name: &str, default: usize, min: usize) -> usize {
        std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default).max(min)
    }

    pub fn run() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dist = root.join("dist");
        assert!(
            dist.join("index.html").is_file(),
            "{} has no release build: run `make bench` (or `trunk build --release`)",
            dist.display()
        );
        let out = root.join("bench-results");
        std::fs::create_dir_all(&out).expect("create bench-results/");
        let loads = env_count("BENCH_LOADS", 25, 20);
        let keystrokes = env_count("BENCH_KEYSTROKES", 250, 200);
        let cli_runs = env_count("BENCH_CLI_RUNS", 300, 200);

        let yaml = Template::tailored(&Setup::from_input(&SetupInput::for_fork(FORK)).expect("a valid fork")).to_yaml();
        let server = Server::start(&dist, floor_page(&yaml), typing_floor_page(&yaml), form_floor_page(&dist));
        let base = format!("http://{}", server.address);
        eprintln!("site: serving dist/ and the floor page on {base}");

        // BENCH_ONLY=load,keystroke (any of size, load, keystroke, cli, render, lighthouse): only
        // those, printed as JSON, for trying a change; bench.md and bench.json are left alone.
        let only: Option<Vec<String>> =
            std::env::var("BENCH_ONLY").ok().map(|v| v.split(',').map(|s| s.trim().to_string()).collect());
        let wanted = |part: &str| only.as_ref().is_none_or(|o| o.iter().any(|p| p == part));
        let mut report = serde_json::Map::new();
        report.insert("machine".into(), machine());
        if wanted("size") {
            eprintln!("site: sizes");
            report.insert("size".into(), sizes(&dist, &out));
        }
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
        if wanted("load") {
            eprintln!("site: {loads} cold loads each of the wizard and the floor page");
            report.insert("load".into(), runtime.block_on(load(&server, &base, &yaml, loads)));
        }
        if wanted("keystroke") {
            eprintln!("site: {keystrokes} keystrokes");
            report.insert("keystroke".into(), runtime.block_on(keystroke(&base, keystrokes)));
        }
        if wanted("cli") {
            eprintln!("site: the CLI as a process, {cli_runs} runs");
            report.insert("cli".into(), cli(&root, cli_runs));
        }
        if wanted("render") {
            report.insert("render".into(), render(&root));
        }
        if wanted("lighthouse") {
            eprintln!("site: Lighthouse");
            report.insert("lighthouse".into(), lighthouse(&base, &out));
        }
        drop(server);
        if only.is_some() {
            let mut report = Value::Object(report);
            if let Some(load) = report.get_mut("load") {
                load.as_object_mut().map(|l| l.remove("samples"));
            }
            println!("{}", serde_json::to_string_pretty(&report).expect("json"));
            return;
        }

        let report = Value::Object(report);
        std::fs::write(out.join("bench.json"), serde_json::to_string_pretty(&report).expect("json") + "\n")
            .expect("write bench.json");
        let markdown = markdown(&report);
        std::fs::write(out.join("bench.md"), &markdown).expect("write bench.md");
        println!("{markdown}");
        eprintln!("site: wrote {} and bench.md", out.join("bench.json").display());
    }

    // ---------------------------------------------------------------- statistics

    fn percentile(sorted: &[f64], p: f64) -> f64 {
        if sorted.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }

    fn summary(values: &[f64]) -> Value {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let mean = sorted.iter().sum::<f64>() / sorted.len().max(1) as f64;
        json!({
            "n": sorted.len(),
            "min": sorted.first().copied().unwrap_or(f64::NAN),
            "median": percentile(&sorted, 50.0),
            "mean": mean,
            "p90": percentile(&sorted, 90.0),
            "p95": percentile(&sorted, 95.0),
            "max": sorted.last().copied().unwrap_or(f64::NAN),
        })
    }

    fn f(value: &Value, key: &str) -> f64 {
        value.get(key).and_then(Value::as_f64).unwrap_or(f64::NAN)
    }

    // ---------------------------------------------------------------- machine

    fn machine() -> Value {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, v)| v.trim()))
            .unwrap_or("unknown")
            .to_string();
        let cores = cpuinfo.lines().filter(|l| l.starts_with("processor")).count();
        let date = output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]);
        let chromium = output("chromium", &["--version"]);
        let rustc = output("rustc", &["--version"]);
        json!({ "cpu": cpu, "cores": cores, "date": date, "chromium": chromium, "rustc": rustc })
    }

    fn output(program: &str, args: &[&str]) -> String {
        Command::new(program)
            .args(args)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    }

    // ---------------------------------------------------------------- sizes

    /// The files the site ships, by kind, and when they load: "first" what index.html loads
    /// (itself, its inline stylesheet, the first module and its wasm), "link" the early paint's
    /// files (loaded beside them by a URL with setup state), "later" every other JS or wasm
    /// module in dist/ (a worker, a module loaded on demand), whatever its name.
    fn shipped(dist: &Path) -> Vec<(String, PathBuf, &'static str)> {
        let index = std::fs::read_to_string(dist.join("index.html")).expect("read dist/index.html");
        let mut files = vec![("html".to_string(), dist.join("index.html"), "first")];
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(dist).expect("read dist/").filter_map(|e| e.ok()).map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            let kind = name.rsplit('.').next().unwrap_or_default().to_string();
            let first = index.contains(&format!("/{name}"));
            let loaded = match (name.starts_with(EARLY_BIN), first) {
                (true, _) => "link",
                (false, true) => "first",
                (false, false) => "later",
            };
            if (first && kind == "css") || (["js", "wasm"].contains(&kind.as_str()) && name != "embed.js") {
                files.push((kind, path, loaded));
            }
        }
        files
    }

    fn compressed(path: &Path, program: &str, args: &[&str]) -> u64 {
        let out = Command::new(program)
            .args(args)
            .arg(path)
            .output()
            .unwrap_or_else(|e| panic!("{program}: {e} (scripts/setup.sh installs brotli)"));
        assert!(out.status.success(), "{program} {} failed", path.display());
        out.stdout.len() as u64
    }

    fn sizes(dist: &Path, out: &Path) -> Value {
        let mut files = Vec::new();
        let (mut raw, mut gzip, mut brotli, mut first_brotli, mut link_brotli) = (0, 0, 0, 0, 0);
        for (kind, path, loaded) in shipped(dist) {
            let r = std::fs::metadata(&path).expect("stat").len();
            let g = compressed(&path, "gzip", &["-9", "-c"]);
            let b = compressed(&path, "brotli", &["-c", "-q", "11"]);
            raw += r;
            gzip += g;
            brotli += b;
            match loaded {
                "first" => first_brotli += b,
                "link" => link_brotli += b,
                _ => {}
            }
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            files.push(json!({ "kind": kind, "loaded": loaded, "file": name, "raw": r, "gzip": g, "brotli": b }));
        }
        json!({
            "files": files,
            "total": { "raw": raw, "gzip": gzip, "brotli": brotli },
            "first_load_brotli": first_brotli,
            "early_paint_brotli": link_brotli,
            "target_brotli_total": TARGET_BROTLI_TOTAL,
            "wasm_contributors": twiggy(out),
        })
    }

    /// twiggy on the wasm-bindgen output before wasm-opt (bench.sh writes it with its names to
    /// bench-results/wasm-names/): the largest items, and the code grouped by crate.
    fn twiggy(out: &Path) -> Value {
        let wasm = out.join("wasm-names/ocelot-setup_bg.wasm");
        if !wasm.is_file() {
            return json!({ "error": format!("{} is missing: scripts/bench.sh writes it", wasm.display()) });
        }
        let csv = output("twiggy", &["top", "--format", "csv", wasm.to_str().unwrap()]);
        let mut items = Vec::new();
        let mut crates: BTreeMap<String, u64> = BTreeMap::new();
        let mut total = 0;
        for line in csv.lines().skip(1) {
            // Name,ShallowSize,ShallowSizePercent,...; the name is quoted and may hold commas.
            let Some((name, rest)) = split_csv_name(line) else { continue };
            let Some(bytes) = rest.split(',').nth(1).and_then(|b| b.parse::<u64>().ok()) else { continue };
            if name.contains("function names") || name.starts_with("custom section") {
                continue; // debug names: not shipped (wasm-opt drops them)
            }
            total += bytes;
            if items.len() < 20 {
                items.push(json!({ "item": name, "bytes": bytes }));
            }
            *crates.entry(crate_of(&name)).or_default() += bytes;
        }
        let mut by_crate: Vec<(String, u64)> = crates.into_iter().collect();
        by_crate.sort_by_key(|b| std::cmp::Reverse(b.1));
        json!({
            "measured_on": "wasm-bindgen output before wasm-opt (names kept; the name section excluded)",
            "total": total,
            "top_items": items,
            "by_crate": by_crate.iter().take(15).map(|(c, b)| json!({ "crate": c, "bytes": b })).collect::<Vec<_>>(),
        })
    }

    fn split_csv_name(line: &str) -> Option<(String, &str)> {
        if let Some(rest) = line.strip_prefix('"') {
            let mut name = String::new();
            let mut chars = rest.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if c == '"' {
                    if chars.peek().map(|(_, n)| *n) == Some('"') {
                        name.push('"');
                        chars.next();
                    } else {
                        return Some((name, &rest[i + 1..]));
                    }
                } else {
                    name.push(c);
                }
            }
            None
        } else {
            line.split_once(',').map(|(n, r)| (n.to_string(), &line[n.len()..][..r.len() + 1]))
        }
    }

    fn crate_of(name: &str) -> String {
        if name.starts_with("data segment") {
            return "data (.rodata etc.)".into();
        }
        let trimmed =
            name.trim_start_matches(['<', '&', '*', ' ']).trim_start_matches("mut ").trim_start_matches("dyn ");
        let head: String = trimmed.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        match head.as_str() {
            "" => "other".into(),
            "F" | "T" | "A" | "V" | "E" | "Fut" | "closure" => "generic impls (mostly tachys/reactive_graph)".into(),
            _ => head,
        }
    }

    // ---------------------------------------------------------------- CLI and criterion

    fn cli(root: &Path, runs: usize) -> Value {
        let binary = std::env::var("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|_| root.join("target"))
            .join("release/ocelot-setup");
        assert!(binary.is_file(), "{} is missing: `cargo build --release` (bench.sh does)", binary.display());
        let args = ["template", "--repo", FORK];
        let once = || {
            let start = Instant::now();
            let status = Command::new(&binary)
                .args(args)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("run the CLI");
            assert!(status.success(), "the CLI failed");
            start.elapsed().as_secs_f64() * 1000.0
        };
        for _ in 0..10 {
            once();
        }
        let times: Vec<f64> = (0..runs).map(|_| once()).collect();
        json!({
            "what": "ms wall time of `ocelot-setup template --repo octocat/ocelot` as a process (spawn to exit, stdout to /dev/null)",
            "command": format!("target/release/ocelot-setup {}", args.join(" ")),
            "times": summary(&times),
            "target_ms": TARGET_CLI_MS,
        })
    }

    /// criterion's estimates from `cargo bench --bench render`, run just before.
    fn render(root: &Path) -> Value {
        let dir = std::env::var("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|_| root.join("target"))
            .join("criterion/render");
        let mut cases = serde_json::Map::new();
        for case in ["typical", "ids_branch"] {
            let path = dir.join(case).join("new/estimates.json");
            let Ok(text) = std::fs::read_to_string(&path) else {
                cases.insert(
                    case.into(),
                    json!({ "error": format!("{} missing: run `cargo bench --bench render`", path.display()) }),
                );
                continue;
            };
            let estimates: Value = serde_json::from_str(&text).expect("criterion's estimates.json");
            let us = |key: &str| estimates[key]["point_estimate"].as_f64().unwrap_or(f64::NAN) / 1000.0;
            cases.insert(case.into(), json!({ "mean_us": us("mean"), "median_us": us("median") }));
        }
        json!({
            "what": "µs for Template::tailored(&setup).to_yaml() in process (criterion)",
            "cases": cases,
            "target_us": TARGET_RENDER_US,
        })
    }

    // ---------------------------------------------------------------- Lighthouse

    /// Lighthouse on the shared link with the reading off (`github=off`: nothing asks GitHub, so
    /// nothing fails in the console on this offline machine), mobile and desktop, and on the
    /// bare page, mobile.
    fn lighthouse(base: &str, out: &Path) -> Value {
        let shared = format!("{base}/?repo={}&github=off", FORK.replace('/', "%2F"));
        let bare = format!("{base}/");
        let mut results = serde_json::Map::new();
        for (name, preset, url) in
            [("mobile", None, &shared), ("desktop", Some("desktop"), &shared), ("mobile_bare_page", None, &bare)]
        {
            // Lighthouse's scores vary from run to run: three runs, the median one by performance.
            let mut runs: Vec<Value> = Vec::new();
            let mut failure = None;
            for run in 1..=3 {
                let report = out.join(format!("lighthouse-{name}-{run}.json"));
                let mut command = Command::new("lighthouse");
                command
                    .arg(url)
                    .args([
                        "--output=json",
                        "--quiet",
                        "--only-categories=performance,accessibility,best-practices,seo",
                    ])
                    .arg(format!("--output-path={}", report.display()))
                    .arg(format!("--chrome-flags={}", CHROMIUM_FLAGS.join(" ")))
                    .env("CHROME_PATH", std::env::var("CHROME_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into()))
                    .stdin(Stdio::null())
                    .stdout(Stdio::null());
                if let Some(preset) = preset {
                    command.arg(format!("--preset={preset}"));
                }
                let status = command.status();
                match std::fs::read_to_string(&report).ok().and_then(|t| serde_json::from_str::<Value>(&t).ok()) {
                    Some(parsed) if status.as_ref().is_ok_and(|s| s.success()) => runs.push(parsed),
                    _ => failure = Some(format!("lighthouse failed: {status:?}")),
                }
            }
            let performance = |v: &Value| v["categories"]["performance"]["score"].as_f64().unwrap_or(0.0);
            runs.sort_by(|a, b| performance(a).total_cmp(&performance(b)));
            let all_performance: Vec<f64> = runs.iter().map(|r| (performance(r) * 100.0).round()).collect();
            let Some(parsed) = runs.get(runs.len() / 2) else {
                results.insert(name.into(), json!({ "error": failure }));
                continue;
            };
            let score = |c: &str| parsed["categories"][c]["score"].as_f64().map(|s| (s * 100.0).round());
            // The audits that cost points, for the record.
            let mut failing = Vec::new();
            if let Some(audits) = parsed["audits"].as_object() {
                for (id, audit) in audits {
                    let s = audit["score"].as_f64();
                    let mode = audit["scoreDisplayMode"].as_str().unwrap_or_default();
                    if s.is_some_and(|s| s < 0.9) && (mode == "binary" || mode == "numeric" || mode == "metricSavings")
                    {
                        failing.push(json!({ "audit": id, "score": s, "value": audit["displayValue"] }));
                    }
                }
            }
            let metric = |id: &str| parsed["audits"][id]["numericValue"].as_f64();
            results.insert(
                name.into(),
                json!({
                    "url": url.strip_prefix(base).unwrap_or(url),
                    "performance": score("performance"),
                    "performance_runs": all_performance,
                    "accessibility": score("accessibility"),
                    "best-practices": score("best-practices"),
                    "seo": score("seo"),
                    "fcp_ms": metric("first-contentful-paint"),
                    "lcp_ms": metric("largest-contentful-paint"),
                    "tbt_ms": metric("total-blocking-time"),
                    "cls": metric("cumulative-layout-shift"),
                    "below_0_9": failing,
                }),
            );
        }
        results.insert("version".into(), json!(output("lighthouse", &["--version"])));
        results.insert(
            "targets".into(),
            json!({ "performance": ">= 98", "accessibility": 100, "best-practices": 100, "seo": 100 }),
        );
        Value::Object(results)
    }
}
