//! Headless Chromium through Debian's chromedriver: one chromedriver per test, started on a
//! free port and shut down over HTTP (`GET /shutdown`) so its browsers end with it. Tests
//! take turns: the machine has two cores.

use std::path::Path;

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Map, Value};
use tempfile::TempDir;
use tokio::sync::{Mutex, MutexGuard};

use crate::chromedriver::{request, Chromedriver, CHROMIUM_FLAGS};

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
    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| f.to_string()).collect();
    args.extend(["--disable-dev-shm-usage".into(), "--window-size=1280,900".into()]);
    args.push(format!("--user-data-dir={}", profile.display()));
    let mut options = json!({
        "args": args,
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
