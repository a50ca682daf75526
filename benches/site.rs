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
    use ocelot_setup::core::template::Template;
    use serde_json::{json, Value};

    use crate::chromedriver::{Chromedriver, CHROMIUM_FLAGS};

    /// The fork every measurement uses.
    const FORK: &str = "octocat/ocelot";
    /// The mark the wizard sets when its preview first shows a template (src/ui/mod.rs).
    const MARK: &str = "ocelot-setup:template-shown";
    /// The mark the wizard sets when its wasm starts running (src/ui/mod.rs).
    const START: &str = "ocelot-setup:start";

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
            report.insert("load".into(), runtime.block_on(load(&base, &yaml, loads)));
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
    /// (itself, the stylesheet, the first module and its wasm), "later" every other JS or wasm
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
            if (first && kind == "css") || (["js", "wasm"].contains(&kind.as_str()) && name != "embed.js") {
                files.push((kind, path, if first { "first" } else { "later" }));
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
        let (mut raw, mut gzip, mut brotli, mut first_brotli) = (0, 0, 0, 0);
        for (kind, path, loaded) in shipped(dist) {
            let r = std::fs::metadata(&path).expect("stat").len();
            let g = compressed(&path, "gzip", &["-9", "-c"]);
            let b = compressed(&path, "brotli", &["-c", "-q", "11"]);
            raw += r;
            gzip += g;
            brotli += b;
            if loaded == "first" {
                first_brotli += b;
            }
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            files.push(json!({ "kind": kind, "loaded": loaded, "file": name, "raw": r, "gzip": g, "brotli": b }));
        }
        json!({
            "files": files,
            "total": { "raw": raw, "gzip": gzip, "brotli": brotli },
            "first_load_brotli": first_brotli,
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

    // ---------------------------------------------------------------- HTTP server

    /// A minimal HTML page around `body`.
    fn static_page(title: &str, body: &str) -> Vec<u8> {
        format!(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n\
             <title>{title}</title>\n</head>\n<body>\n{body}</body>\n</html>\n"
        )
        .into_bytes()
    }

    fn escape_html(text: &str) -> String {
        text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    }

    /// The floor: the same template text in a plain <pre>, marked like the wizard marks it
    /// (once painted: in a task after the next animation frame).
    fn floor_page(yaml: &str) -> Vec<u8> {
        let body = format!(
            "<pre id=\"wz-template\">{}</pre>\n\
             <script>requestAnimationFrame(() => setTimeout(() => performance.mark(\"{MARK}\"), 0));</script>\n",
            escape_html(yaml)
        );
        static_page("Floor: the template as static HTML", &body)
    }

    /// The floor of the bare page: dist/index.html without its module and wasm (no loader, no
    /// preloads): its static first paint, if the build made one, and nothing else. Without a
    /// static paint it paints nothing, and the form's ratio says so.
    fn form_floor_page(dist: &Path) -> Vec<u8> {
        let index = std::fs::read_to_string(dist.join("index.html")).expect("read dist/index.html");
        let page = cut(&index, "<script type=\"module\">", "</script>");
        let page = cut(&page, "<link rel=\"modulepreload\"", ">");
        cut(&page, "<link rel=\"preload\"", ">").into_bytes()
    }

    /// `text` without every piece from `open` to the next `close`, both included.
    fn cut(text: &str, open: &str, close: &str) -> String {
        let mut kept = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find(open) {
            kept.push_str(&rest[..start]);
            let end = rest[start..].find(close).map_or(rest.len(), |e| start + e + close.len());
            rest = &rest[end..];
        }
        kept.push_str(rest);
        kept
    }

    /// The typing floor: the same template in a plain <pre> beside an input whose handler puts
    /// what is typed into the template's first line (the least a page can do to show a
    /// keystroke in the template): what the browser alone costs per keystroke here.
    fn typing_floor_page(yaml: &str) -> Vec<u8> {
        let escaped = escape_html(yaml);
        let (first, rest) = escaped.split_once('\n').unwrap_or((&escaped, ""));
        let body = format!(
            "<input id=\"wz-repo\" />\n<pre id=\"wz-template\"><span id=\"first\">{first}</span>\n{rest}</pre>\n\
             <script>const i = document.getElementById('wz-repo'), f = document.getElementById('first');\n\
             i.addEventListener('input', () => {{ f.textContent = '# ' + i.value; }});</script>\n"
        );
        static_page("Floor: typing into a static template", &body)
    }

    struct Asset {
        content_type: &'static str,
        body: Vec<u8>,
        gzip: Vec<u8>,
    }

    /// A static server on a free loopback port: dist/ at `/`, the floor page at `/floor.html`.
    /// Text assets go out gzip-compressed (`gzip -9`) when the browser accepts it, as a real
    /// static host sends them; nothing may be cached.
    struct Server {
        address: SocketAddr,
        stop: Arc<std::sync::atomic::AtomicBool>,
    }

    impl Server {
        fn start(dist: &Path, floor: Vec<u8>, typing_floor: Vec<u8>, form_floor: Vec<u8>) -> Server {
            let mut assets = BTreeMap::new();
            let mut add = |path: String, content_type: &'static str, body: Vec<u8>| {
                let gzip = gzip(&body);
                assets.insert(path, Asset { content_type, body, gzip });
            };
            for entry in std::fs::read_dir(dist).expect("read dist/").filter_map(|e| e.ok()) {
                let path = entry.path();
                if !path.is_file() {
                    continue;
                }
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                add(format!("/{name}"), content_type(&name), std::fs::read(&path).expect("read a dist file"));
            }
            add("/floor.html".into(), "text/html; charset=utf-8", floor);
            add("/typing-floor.html".into(), "text/html; charset=utf-8", typing_floor);
            add("/form-floor.html".into(), "text/html; charset=utf-8", form_floor);
            let assets = Arc::new(assets);
            let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
            listener.set_nonblocking(true).expect("nonblocking listener");
            let address = listener.local_addr().expect("local address");
            let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let stopping = stop.clone();
            std::thread::spawn(move || {
                while !stopping.load(std::sync::atomic::Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let assets = assets.clone();
                            std::thread::spawn(move || {
                                let _ = respond(stream, &assets);
                            });
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(2)),
                    }
                }
            });
            Server { address, stop }
        }
    }

    impl Drop for Server {
        fn drop(&mut self) {
            self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    fn gzip(body: &[u8]) -> Vec<u8> {
        let mut child = Command::new("gzip")
            .args(["-9", "-c", "-n"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("gzip");
        let mut stdin = child.stdin.take().unwrap();
        let body = body.to_vec();
        let writer = std::thread::spawn(move || stdin.write_all(&body));
        let out = child.wait_with_output().expect("gzip output");
        writer.join().unwrap().expect("feed gzip");
        out.stdout
    }

    fn content_type(name: &str) -> &'static str {
        match name.rsplit('.').next().unwrap_or_default() {
            "html" => "text/html; charset=utf-8",
            "css" => "text/css; charset=utf-8",
            "js" => "text/javascript; charset=utf-8",
            "wasm" => "application/wasm",
            _ => "text/plain; charset=utf-8",
        }
    }

    /// One request per connection (`Connection: close`).
    fn respond(mut stream: TcpStream, assets: &BTreeMap<String, Asset>) -> std::io::Result<()> {
        stream.set_nonblocking(false)?;
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        let mut head = Vec::new();
        let mut chunk = [0; 4096];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
            let n = stream.read(&mut chunk)?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(&chunk[..n]);
        }
        let head = String::from_utf8_lossy(&head);
        let target = head.split_whitespace().nth(1).unwrap_or("/");
        let path = target.split(['?', '#']).next().unwrap_or("/");
        let path = if path == "/" { "/index.html" } else { path };
        let accepts_gzip = head.lines().any(|l| {
            l.split_once(':').is_some_and(|(k, v)| k.eq_ignore_ascii_case("accept-encoding") && v.contains("gzip"))
        });
        let mut response = Vec::new();
        match assets.get(path) {
            Some(asset) => {
                let compress = accepts_gzip;
                let body = if compress { &asset.gzip } else { &asset.body };
                write!(
                    response,
                    "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n{}Connection: close\r\n\r\n",
                    asset.content_type,
                    body.len(),
                    if compress { "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n" } else { "" },
                )?;
                response.extend_from_slice(body);
            }
            None => response.extend_from_slice(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
            ),
        }
        stream.write_all(&response)?;
        stream.flush()
    }

    // ---------------------------------------------------------------- browser

    /// A new session in a fresh profile: nothing cached, nothing stored.
    async fn session(driver: &Chromedriver, extra_flags: &[&str]) -> (Client, tempfile::TempDir) {
        let profile = tempfile::TempDir::new().expect("a temporary profile");
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.extend(extra_flags.iter().map(|s| s.to_string()));
        args.push("--window-size=1280,900".into());
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let capabilities = json!({ "browserName": "chrome", "goog:chromeOptions": { "args": args } });
        let Value::Object(capabilities) = capabilities else { unreachable!() };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url())
            .await
            .unwrap_or_else(|e| panic!("chromedriver could not start Chromium: {e}"));
        (client, profile)
    }

    /// When a page counts as loaded: the wizard and the floor once they set [`MARK`]; the
    /// bare page once its first contentful paint is recorded and the wizard has mounted; the
    /// form floor once painted (or after 3 s: a build without a static paint paints nothing).
    #[derive(Clone, Copy, PartialEq)]
    enum Ready {
        Marked,
        Mounted,
        Painted,
    }

    /// Polls (at most 30 s) until the page is `ready`; returns, in ms since navigation start,
    /// the mark, the first contentful paint and the phases of the load.
    async fn wait_for(client: &Client, ready: Ready) -> Value {
        let condition = match ready {
            Ready::Marked => format!("performance.getEntriesByName('{MARK}').length > 0"),
            Ready::Mounted => "fcp && document.getElementById('wz-repo')".to_string(),
            Ready::Painted => "fcp || performance.now() > 3000".to_string(),
        };
        let script = format!(
            "const first = (name) => {{ const e = performance.getEntriesByName(name)[0]; return e ? e.startTime : null; }}; \
             const fcp = first('first-contentful-paint'); \
             if (!({condition})) return null; \
             const n = performance.getEntriesByType('navigation')[0]; \
             const resources = performance.getEntriesByType('resource'); \
             const of = (ext) => resources.find(e => e.name.endsWith(ext)) || {{}}; \
             return {{ mark: first('{MARK}'), fcp, response_end: n.responseEnd, dom_content_loaded: n.domContentLoadedEventEnd, \
             js_discovered: of('.js').startTime, js_requested: of('.js').requestStart, js_fetched: of('.js').responseEnd, \
             wasm_fetched: of('.wasm').responseEnd, wasm_fetches: resources.filter(e => e.name.endsWith('.wasm')).length, \
             started: first('{START}'), text: (document.getElementById('wz-template') || {{}}).textContent || '' }};"
        );
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let value = client.execute(&script, vec![]).await.expect("execute the timing script");
            if !value.is_null() {
                return value;
            }
            assert!(Instant::now() < deadline, "the page was not loaded within 30 s");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The phases of a load, in the order they happen.
    const PHASES: [(&str, &str); 8] = [
        ("HTML received", "response_end"),
        ("JS requested by the page", "js_discovered"),
        ("JS request sent", "js_requested"),
        ("JS received", "js_fetched"),
        ("wasm received", "wasm_fetched"),
        ("DOMContentLoaded", "dom_content_loaded"),
        ("wasm running", "started"),
        ("first contentful paint", "fcp"),
    ];

    pub async fn load(base: &str, yaml: &str, loads: usize) -> Value {
        let driver = Chromedriver::start();
        let shared = format!("{base}/?repo={}", FORK.replace('/', "%2F"));
        let pages = [
            ("shared_link", shared.clone(), Ready::Marked),
            ("floor", format!("{base}/floor.html"), Ready::Marked),
            ("bare_page", format!("{base}/"), Ready::Mounted),
            ("form_floor", format!("{base}/form-floor.html"), Ready::Painted),
        ];
        let mut samples: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
        let mut same_text = true;
        // One warm-up of each (not counted): the OS file cache, chromedriver.
        for round in 0..=loads {
            for (name, url, ready) in &pages {
                let (client, _profile) = session(&driver, &[]).await;
                client.goto(url).await.expect("navigate");
                let timing = wait_for(&client, *ready).await;
                let _ = client.close().await;
                if round == 0 {
                    if *name == "shared_link" {
                        same_text = timing["text"].as_str().unwrap_or_default().trim_end() == yaml.trim_end();
                    }
                    continue;
                }
                samples.entry(name).or_default().push(timing);
            }
        }
        drop(driver);
        let series = |page: &str, key: &str| -> Vec<f64> {
            samples.get(page).into_iter().flatten().map(|t| f(t, key)).filter(|v| v.is_finite()).collect()
        };
        let phases = |page: &str| -> Value {
            PHASES
                .iter()
                .map(|(_, key)| (key.to_string(), summary(&series(page, key))))
                .collect::<serde_json::Map<_, _>>()
                .into()
        };
        let template = summary(&series("shared_link", "mark"));
        let floor = summary(&series("floor", "mark"));
        let form = summary(&series("bare_page", "fcp"));
        let form_floor = summary(&series("form_floor", "fcp"));
        let fetches = ["shared_link", "bare_page"].iter().flat_map(|p| series(p, "wasm_fetches")).fold(0.0, f64::max);
        json!({
            "what": "ms from navigation start, fresh profile per load: the template painted (a mark set in a task after the next animation frame) and the form painted (first contentful paint)",
            "shared_link_url": "/?repo=octocat%2Focelot",
            "template": { "shared_link": template, "floor": floor, "ratio_median": f(&template, "median") / f(&floor, "median") },
            "form": { "bare_page": form, "floor": form_floor, "ratio_median": f(&form, "median") / f(&form_floor, "median") },
            "shared_link_phases": phases("shared_link"),
            "bare_page_phases": phases("bare_page"),
            "wasm_fetches_per_load_max": fetches,
            "target_ratio": TARGET_LOAD_RATIO,
            "target_form_ratio": TARGET_FORM_RATIO,
            "wizard_shows_the_floor_text": same_text,
            "samples": { "template": series("shared_link", "mark"), "floor": series("floor", "mark"),
                         "form": series("bare_page", "fcp"), "form_floor": series("form_floor", "fcp") },
        })
    }

    /// The in-page typing loop: each keystroke sets the fork field to a new valid fork and
    /// dispatches `input`, at the start of a frame (in a rAF callback). `updated`: until the
    /// first task after the dispatch (a MessageChannel message); Leptos' effects run as
    /// microtasks right after the handler, and the browser renders the frame (style, layout,
    /// paint) before that task, so this is the template re-rendered and painted in the frame
    /// the keystroke landed in (reading offsetHeight then costs nothing). `painted`: until the
    /// next animation frame after that, plus a task (rAF -> setTimeout 0), as the issue
    /// suggests; at 60 Hz this adds up to a frame. Each keystroke is checked to have put its
    /// fork into the template.
    const TYPING: &str = r#"
const [n] = arguments; const done = arguments[arguments.length - 1];
const input = document.getElementById('wz-repo');
const pre = () => document.getElementById('wz-template');
const frame = () => new Promise(r => requestAnimationFrame(r));
const painted = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
const task = () => new Promise(r => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
(async () => {
  const updated = [], paint = [], missed = [];
  await painted();
  for (let i = 0; i < n; i++) {
    const fork = 'octocat/ocelot-' + (i % 2 ? 'b' : 'a') + i;
    await frame();
    const t0 = performance.now();
    input.value = fork;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await task();
    void pre().offsetHeight;
    const t1 = performance.now();
    if (!pre().textContent.includes(fork)) missed.push(i);
    await painted();
    const t2 = performance.now();
    updated.push(t1 - t0); paint.push(t2 - t0);
  }
  done({ updated, painted: paint, missed });
})().catch(e => done({ error: String(e) }));
"#;

    /// Types into `url`: the wizard (which marks when its template shows) or the typing floor.
    async fn type_in(driver: &Chromedriver, url: &str, flags: &[&str], keystrokes: usize) -> Value {
        let (client, _profile) = session(driver, flags).await;
        client.goto(url).await.expect("navigate");
        if !url.contains("typing-floor") {
            wait_for(&client, Ready::Marked).await;
        }
        let mut timeouts = client.get_timeouts().await.expect("read timeouts");
        timeouts.set_script(Some(Duration::from_secs(120)));
        client.update_timeouts(timeouts).await.expect("script timeout");
        let result = client.execute_async(TYPING, vec![json!(keystrokes)]).await.expect("the typing script");
        let _ = client.close().await;
        assert!(result.get("error").is_none(), "typing script: {result}");
        let numbers = |key: &str| -> Vec<f64> {
            result[key].as_array().map(|a| a.iter().filter_map(Value::as_f64).collect()).unwrap_or_default()
        };
        json!({
            "flags": flags,
            "updated": summary(&numbers("updated")),
            "painted": summary(&numbers("painted")),
            "keystrokes_not_shown": result["missed"].as_array().map(Vec::len).unwrap_or(0),
        })
    }

    pub async fn keystroke(base: &str, keystrokes: usize) -> Value {
        let driver = Chromedriver::start();
        // Headless Chromium draws at 60 frames a second, so "painted" waits for the next vsync;
        // without the frame-rate limit a frame follows as soon as there is something to draw.
        let wizard = format!("{base}/?repo={}", FORK.replace('/', "%2F"));
        let floor = format!("{base}/typing-floor.html");
        let unlimited_flags = ["--disable-frame-rate-limit", "--disable-gpu-vsync"];
        let vsync = type_in(&driver, &wizard, &[], keystrokes).await;
        let unlimited = type_in(&driver, &wizard, &unlimited_flags, keystrokes).await;
        let floor_unlimited = type_in(&driver, &floor, &unlimited_flags, keystrokes).await;
        drop(driver);
        json!({
            "what": "ms from dispatching `input` on #wz-repo to the new template in #wz-template (updated) and painted",
            "keystrokes": keystrokes,
            "default_frame_rate": vsync,
            "unlimited_frame_rate": unlimited,
            "floor_unlimited_frame_rate": floor_unlimited,
            "floor_what": "the same loop on /typing-floor.html: the template in a static <pre>, its first line set from the input",
            "target_p95_ms": TARGET_KEYSTROKE_P95_MS,
        })
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

    // ---------------------------------------------------------------- report

    fn kb(bytes: f64) -> String {
        format!("{:.1} KB", bytes / 1024.0)
    }

    fn verdict(ok: bool) -> &'static str {
        if ok {
            "met"
        } else {
            "**missed**"
        }
    }

    fn markdown(r: &Value) -> String {
        let mut md = String::new();
        let m = &r["machine"];
        md += &format!(
            "# ocelot-setup benchmarks\n\n{} · {} × {} · {} · {}\n\n",
            m["date"].as_str().unwrap_or_default(),
            m["cores"],
            m["cpu"].as_str().unwrap_or_default(),
            m["chromium"].as_str().unwrap_or_default(),
            m["rustc"].as_str().unwrap_or_default()
        );

        md += "## Bytes shipped (dist/: what index.html loads first, and every later JS or wasm module)\n\n| file | loaded | raw | gzip -9 | brotli -q 11 |\n|---|---|---:|---:|---:|\n";
        let size = &r["size"];
        for file in size["files"].as_array().into_iter().flatten() {
            md += &format!(
                "| {} (`{}`) | {} | {} | {} | {} |\n",
                file["kind"].as_str().unwrap_or_default(),
                file["file"].as_str().unwrap_or_default(),
                file["loaded"].as_str().unwrap_or_default(),
                file["raw"],
                file["gzip"],
                file["brotli"]
            );
        }
        let total = &size["total"];
        md += &format!(
            "| **total** | | {} ({}) | {} ({}) | **{} ({})** |\n\nLoaded first: {} brotli.\n\n",
            total["raw"],
            kb(f(total, "raw")),
            total["gzip"],
            kb(f(total, "gzip")),
            total["brotli"],
            kb(f(total, "brotli")),
            kb(f(size, "first_load_brotli"))
        );
        let contributors = &size["wasm_contributors"];
        md += &format!(
            "Largest contributors inside the wasm (twiggy, {}; {} bytes of code and data):\n\n| crate | bytes |\n|---|---:|\n",
            contributors["measured_on"].as_str().unwrap_or_default(),
            contributors["total"]
        );
        for c in contributors["by_crate"].as_array().into_iter().flatten().take(10) {
            md += &format!("| {} | {} |\n", c["crate"].as_str().unwrap_or_default(), c["bytes"]);
        }
        md += "\n| largest items | bytes |\n|---|---:|\n";
        for item in contributors["top_items"].as_array().into_iter().flatten().take(10) {
            let name = item["item"].as_str().unwrap_or_default().replace('|', "\\|");
            let short: String = name.chars().take(90).collect();
            md += &format!("| `{short}` | {} |\n", item["bytes"]);
        }

        let load = &r["load"];
        let (w, fl) = (&load["template"]["shared_link"], &load["template"]["floor"]);
        let (form, form_floor) = (&load["form"]["bare_page"], &load["form"]["floor"]);
        let form_ratio = f(&load["form"], "ratio_median");
        let keys = &r["keystroke"];
        let render = &r["render"]["cases"];
        let cli = &r["cli"]["times"];
        let lh = &r["lighthouse"];
        let brotli = f(total, "brotli");
        let ratio = f(&load["template"], "ratio_median");
        let p95 = f(&keys["unlimited_frame_rate"]["painted"], "p95");
        let cli_median = f(cli, "median");
        let render_typical = f(&render["typical"], "mean_us");
        let render_scoped = f(&render["ids_branch"], "mean_us");
        let score = |preset: &str, c: &str| f(&lh[preset], c);
        md += "\n## Against the targets\n\n| figure | measured | target | |\n|---|---|---|---|\n";
        md += &format!(
            "| brotli total | {} | ≤ 120 KB | {} |\n",
            kb(brotli),
            verdict(brotli <= TARGET_BROTLI_TOTAL as f64)
        );
        md += &format!(
            "| shared link: load to template painted (median, {} cold loads) | wizard {:.0} ms / floor {:.0} ms = **{:.2}×** | ≤ 1.5× | {} |\n",
            w["n"],
            f(w, "median"),
            f(fl, "median"),
            ratio,
            verdict(ratio <= TARGET_LOAD_RATIO)
        );
        md += &format!(
            "| bare page: load to the form painted (first contentful paint, median) | {:.0} ms / the same page without its wasm {:.0} ms = **{:.2}×** | ≤ 1.2× | {} |\n",
            f(form, "median"),
            f(form_floor, "median"),
            form_ratio,
            verdict(form_ratio <= TARGET_FORM_RATIO)
        );
        md += &format!(
            "| keystroke to preview, p95 ({} keystrokes, frame rate unlimited): next frame (rendered in its own frame) | {:.2} ms ({:.2}); p50 {:.2} ({:.2}); the typing floor page: p95 {:.2} ({:.2}) | ≤ 4 ms | {} |\n",
            keys["keystrokes"],
            p95,
            f(&keys["unlimited_frame_rate"]["updated"], "p95"),
            f(&keys["unlimited_frame_rate"]["painted"], "median"),
            f(&keys["unlimited_frame_rate"]["updated"], "median"),
            f(&keys["floor_unlimited_frame_rate"]["painted"], "p95"),
            f(&keys["floor_unlimited_frame_rate"]["updated"], "p95"),
            verdict(p95 <= TARGET_KEYSTROKE_P95_MS)
        );
        md += &format!(
            "| CLI `template` as a process (median, {} runs) | {:.2} ms (mean {:.2}, p95 {:.2}) | ≤ 5 ms | {} |\n",
            cli["n"],
            cli_median,
            f(cli, "mean"),
            f(cli, "p95"),
            verdict(cli_median <= TARGET_CLI_MS)
        );
        md += &format!(
            "| render in process (criterion mean) | typical {:.1} µs, ids+branch {:.1} µs | ≤ 50 µs | {} |\n",
            render_typical,
            render_scoped,
            verdict(render_typical.max(render_scoped) <= TARGET_RENDER_US)
        );
        for preset in ["mobile", "desktop", "mobile_bare_page"] {
            let (p, a, b, s) = (
                score(preset, "performance"),
                score(preset, "accessibility"),
                score(preset, "best-practices"),
                score(preset, "seo"),
            );
            md += &format!(
                "| Lighthouse {preset} on `{}` (median of 3 runs; performance in each: {}; LCP {:.0} ms): performance / accessibility / best practices / SEO | {p} / {a} / {b} / {s} | ≥ 98 / 100 / 100 / 100 | {} |\n",
                lh[preset]["url"].as_str().unwrap_or_default(),
                lh[preset]["performance_runs"],
                f(&lh[preset], "lcp_ms"),
                verdict(p >= 98.0 && a >= 100.0 && b >= 100.0 && s >= 100.0)
            );
        }

        md += "\n## Load (ms from navigation start: the template painted, the form painted)\n\n| page | min | median | p90 | max |\n|---|---:|---:|---:|---:|\n";
        for (name, s) in [
            ("shared link, template painted", w),
            ("floor (static `<pre>`), template painted", fl),
            ("bare page, form painted (FCP)", form),
            ("bare page without its wasm, form painted (FCP)", form_floor),
        ] {
            md += &format!(
                "| {name} | {:.1} | {:.1} | {:.1} | {:.1} |\n",
                f(s, "min"),
                f(s, "median"),
                f(s, "p90"),
                f(s, "max")
            );
        }
        for (page, key, end) in [("shared link", "shared_link_phases", w), ("bare page", "bare_page_phases", form)] {
            let phases = &load[key];
            let steps: Vec<String> =
                PHASES.iter().map(|(name, key)| format!("{name} {:.1}", f(&phases[*key], "median"))).collect();
            md += &format!(
                "\nWhere the {page}'s load goes (median ms from navigation start): {}; {} {:.1}.\n",
                steps.join(", "),
                if page == "shared link" { "template painted" } else { "form painted" },
                f(end, "median")
            );
        }
        md += &format!("\nThe wasm was fetched at most {} time(s) per load.\n", load["wasm_fetches_per_load_max"]);
        md += "\n## Keystroke to preview (ms)\n\nThe floor page: the same template in a static `<pre>` beside an input whose handler writes what is typed into the template's first line, the least a page can do; what Chromium itself costs per keystroke on this machine.\n\n| frame rate | stage | p50 | p95 | max |\n|---|---|---:|---:|---:|\n";
        for (name, key) in [
            ("60 Hz (default)", "default_frame_rate"),
            ("unlimited", "unlimited_frame_rate"),
            ("floor page, unlimited", "floor_unlimited_frame_rate"),
        ] {
            for stage in ["updated", "painted"] {
                let s = &keys[key][stage];
                md += &format!(
                    "| {name} | {stage} | {:.2} | {:.2} | {:.2} |\n",
                    f(s, "median"),
                    f(s, "p95"),
                    f(s, "max")
                );
            }
        }
        md += &format!(
            "\nKeystrokes whose template was not in the DOM when measured: {} (60 Hz), {} (unlimited).\n",
            keys["default_frame_rate"]["keystrokes_not_shown"], keys["unlimited_frame_rate"]["keystrokes_not_shown"]
        );
        md
    }
}
