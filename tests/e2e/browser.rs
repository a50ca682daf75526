//! Headless Chromium through Debian's chromedriver: one chromedriver per test, started on a
//! free port and shut down over HTTP (`GET /shutdown`) so its browsers end with it. Tests
//! take turns: the machine has two cores.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Map, Value};
use tempfile::TempDir;
use tokio::sync::{Mutex, MutexGuard};

/// One browser session and everything that must outlive it. Fields drop in order: the
/// session, then chromedriver (and its Chromium), then the directories Chromium wrote to.
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    driver: Chromedriver,
    _profile: TempDir,
    downloads: TempDir,
    _turn: MutexGuard<'static, ()>,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a fresh profile, in light or dark mode.
    pub async fn start(scheme: ColorScheme) -> Browser {
        static TURN: Mutex<()> = Mutex::const_new(());
        let turn = TURN.lock().await;
        let driver = Chromedriver::start();
        let profile = TempDir::new().expect("a temporary profile directory");
        let downloads = TempDir::new().expect("a temporary download directory");
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities(profile.path(), downloads.path(), scheme))
            .connect(&driver.url())
            .await
            .unwrap_or_else(|e| panic!("chromedriver could not start Chromium: {e}"));
        Browser { client, driver, _profile: profile, downloads, _turn: turn }
    }

    /// Where Chromium saves downloads.
    pub fn downloads(&self) -> &Path {
        self.downloads.path()
    }

    /// The browser's console messages since the last call, from chromedriver's log
    /// (`POST /session/{id}/se/log`, enabled by `goog:loggingPrefs`): objects with `level`
    /// (`SEVERE`, `WARNING`, `INFO`...), `message`, `source` and `timestamp`.
    pub async fn console_log(&self) -> Vec<Value> {
        let session = self.client.session_id().await.ok().flatten().expect("a WebDriver session id");
        let path = format!("/session/{session}/se/log");
        let port = self.driver.port;
        let response = tokio::task::spawn_blocking(move || request(port, "POST", &path, r#"{"type":"browser"}"#))
            .await
            .expect("read the browser's log")
            .expect("chromedriver answers the log request");
        let body = response.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or_default();
        let value: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("the browser's log: {e}: {body}"));
        value["value"].as_array().cloned().unwrap_or_else(|| panic!("the browser's log is a list: {value}"))
    }

    /// Ends the session and chromedriver.
    pub async fn close(self) {
        let Browser { client, driver, .. } = self;
        let _ = client.close().await;
        drop(driver);
    }
}

/// The colour scheme the page is asked for (`prefers-color-scheme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorScheme {
    /// The default.
    Light,
    /// The operating system's dark mode.
    Dark,
}

fn capabilities(profile: &Path, downloads: &Path, scheme: ColorScheme) -> Map<String, Value> {
    let mut options = json!({
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,900",
            format!("--user-data-dir={}", profile.display()),
        ],
        "prefs": {
            "download.default_directory": downloads.display().to_string(),
            "download.prompt_for_download": false,
            "download.directory_upgrade": true,
        },
    });
    if scheme == ColorScheme::Dark {
        options["args"].as_array_mut().expect("args").push(json!("--blink-settings=preferredColorScheme=0"));
    }
    if let Ok(binary) = std::env::var("CHROMIUM") {
        options["binary"] = json!(binary);
    }
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": options,
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    match capabilities {
        Value::Object(map) => map,
        _ => unreachable!("capabilities are an object"),
    }
}

/// A chromedriver process on a free loopback port.
struct Chromedriver {
    child: Child,
    port: u16,
}

impl Chromedriver {
    fn start() -> Chromedriver {
        let binary =
            std::env::var_os("CHROMEDRIVER").map(PathBuf::from).unwrap_or_else(|| "/usr/bin/chromedriver".into());
        assert!(
            binary.is_file(),
            "chromedriver not found at {}: run `bash scripts/setup.sh` (installs Debian's chromium-driver), or set CHROMEDRIVER",
            binary.display()
        );
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .env("TZ", "UTC")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", binary.display()));
        let driver = Chromedriver { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while get(port, "/status").is_none_or(|r| !r.contains("\"ready\":true")) {
            assert!(Instant::now() < deadline, "chromedriver did not become ready on port {port} within 20 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Chromedriver {
    /// `/shutdown` ends the browsers too; killing chromedriver would leave Chromium running.
    fn drop(&mut self) {
        let _ = get(self.port, "/shutdown");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain blocking GET to chromedriver, for start-up and shutdown outside the async runtime.
fn get(port: u16, path: &str) -> Option<String> {
    request(port, "GET", path, "")
}

/// A plain blocking request to chromedriver, for what fantoccini has no call for.
/// chromedriver keeps the connection open, so the body is read up to its Content-Length.
fn request(port: u16, method: &str, path: &str, body: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut response = Vec::new();
    let mut chunk = [0; 4096];
    loop {
        let read = stream.read(&mut chunk).ok()?;
        response.extend_from_slice(&chunk[..read]);
        let text = String::from_utf8_lossy(&response).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("content-length")))
                .and_then(|(_, v)| v.trim().parse::<usize>().ok());
            if read == 0 || length.is_some_and(|n| body.len() >= n) {
                return Some(text);
            }
        } else if read == 0 {
            return Some(text);
        }
    }
}
