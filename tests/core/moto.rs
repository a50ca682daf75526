//! A local moto server (a fake AWS API) and the AWS CLI pointed at it, for the tests that
//! deploy (deploy.rs) and check a deployment (doctor.rs).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::venv_tool;

/// A moto server on a free local port, stopped when dropped.
pub struct Moto {
    child: Child,
    /// Its URL, for --endpoint-url and AWS_ENDPOINT_URL.
    pub endpoint: String,
}

impl Moto {
    /// Starts moto_server from the venv and waits until it answers.
    pub fn start() -> Moto {
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let child = Command::new(venv_tool("moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let moto = Moto { child, endpoint: format!("http://127.0.0.1:{port}") };
        let deadline = Instant::now() + Duration::from_secs(60);
        while !moto.answers(port) {
            assert!(Instant::now() < deadline, "moto_server did not answer on port {port} within 60 s");
            std::thread::sleep(Duration::from_millis(200));
        }
        moto
    }

    fn answers(&self, port: u16) -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let request = "GET /moto-api/ HTTP/1.0\r\nHost: localhost\r\n\r\n";
        let mut reply = [0u8; 12];
        stream.write_all(request.as_bytes()).is_ok()
            && stream.read_exact(&mut reply).is_ok()
            && reply.starts_with(b"HTTP/")
    }

    /// Forgets every resource, so each case starts from an empty account.
    pub fn reset(&self) {
        let port = self.endpoint.rsplit(':').next().expect("a port");
        let mut stream = TcpStream::connect(format!("127.0.0.1:{port}")).expect("moto answers");
        let request = "POST /moto-api/reset HTTP/1.0\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n";
        stream.write_all(request.as_bytes()).expect("reset sent");
        let mut reply = String::new();
        stream.read_to_string(&mut reply).expect("reset answered");
        assert!(reply.starts_with("HTTP/1.") && reply.contains(" 200 "), "moto reset: {reply}");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `script` with bash in `dir`, with the venv's aws CLI and moto's fake credentials.
pub fn bash(dir: &Path, script: &str, region: &str) -> Output {
    bash_command(dir, script, region).output().expect("bash runs")
}

/// The command [`bash`] runs, for callers that add to its environment.
pub fn bash_command(dir: &Path, script: &str, region: &str) -> Command {
    let bin = venv_tool("aws").parent().expect("the venv bin").to_path_buf();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut command = Command::new("bash");
    command
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", region)
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_ENDPOINT_URL");
    command
}

/// The output of a run that must succeed; panics with its output when it failed.
pub fn succeed(what: &str, out: Output) -> String {
    assert!(
        out.status.success(),
        "{what} failed ({:?}):\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// An aws CLI call against moto, its JSON answer parsed (null when it prints nothing).
pub fn aws(moto: &Moto, dir: &Path, region: &str, args: &[&str]) -> Value {
    let mut words = vec!["aws".to_string()];
    words.extend(args.iter().map(|a| ocelot_setup::core::shell::quote(a).into_owned()));
    words.extend(["--endpoint-url".to_string(), moto.endpoint.clone(), "--region".to_string(), region.to_string()]);
    words.extend(["--output".to_string(), "json".to_string()]);
    let command = words.join(" ");
    let text = succeed(&command, bash(dir, &command, region));
    if text.trim().is_empty() {
        return Value::Null;
    }
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{command}: not JSON ({e}): {text}"))
}
