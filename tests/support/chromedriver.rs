//! Debian's chromedriver on a free loopback port, shared by the end-to-end tests and the site
//! benchmark. Dropping it asks chromedriver to `/shutdown`, which ends its browsers too; killing
//! chromedriver would leave Chromium running.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The flags every headless Chromium here starts with (the end-to-end tests', the benchmark's
/// and Lighthouse's): nothing reaches out to the network, nothing needs a GPU or a sandbox.
pub const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// A running chromedriver.
pub struct Chromedriver {
    child: Child,
    /// The loopback port it listens on.
    pub port: u16,
}

impl Chromedriver {
    /// Starts `$CHROMEDRIVER` (default /usr/bin/chromedriver) and waits until it is ready.
    pub fn start() -> Chromedriver {
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

    /// Its WebDriver URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Chromedriver {
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
pub fn get(port: u16, path: &str) -> Option<String> {
    request(port, "GET", path, "")
}

/// A plain blocking request to chromedriver, for what the WebDriver client has no call for.
/// chromedriver keeps the connection open, so the body is read up to its Content-Length.
pub fn request(port: u16, method: &str, path: &str, body: &str) -> Option<String> {
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
