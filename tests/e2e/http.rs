//! Just enough HTTP/1.1 for the two loopback servers the browser talks to: one request per
//! connection (`Connection: close`), a thread per connection.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;

/// What the browser asked for.
pub struct Request {
    /// `GET`, `OPTIONS`, ...
    pub method: String,
    /// The path without the query.
    pub path: String,
    /// The query, without its `?` (empty when there is none).
    pub query: String,
    /// The `Accept` header (empty when there is none).
    pub accept: String,
}

/// What the server answers.
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The reason phrase after the code.
    pub reason: String,
    /// Headers other than `Content-Length` and `Connection`.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A bodyless answer with `status`.
    pub fn empty(status: u16, reason: &str) -> Response {
        Response { status, reason: reason.to_string(), headers: Vec::new(), body: Vec::new() }
    }

    /// 200 with `body`, never cached.
    pub fn ok(content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status: 200,
            reason: "OK".into(),
            headers: vec![("Content-Type".into(), content_type.into()), ("Cache-Control".into(), "no-store".into())],
            body,
        }
    }
}

/// Serves `handler` on a fresh port of 127.0.0.1 until the test process ends.
pub fn serve(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> SocketAddr {
    let server = Server::start(handler);
    let address = server.address;
    std::mem::forget(server);
    address
}

/// A server that can be stopped: after [`Server::stop`] (or drop), its port refuses connections.
pub struct Server {
    /// Where it listens.
    pub address: SocketAddr,
    stopped: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Server {
    /// Serves `handler` on a fresh port of 127.0.0.1.
    pub fn start(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let address = listener.local_addr().expect("the listener's address");
        let handler = Arc::new(handler);
        let stopped = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stopped);
        let thread = thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let handler = Arc::clone(&handler);
                thread::spawn(move || {
                    let _ = answer(stream, handler.as_ref());
                });
            }
        });
        Server { address, stopped, thread: Some(thread) }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Closes the listener: from now on, connecting to the port is refused.
    pub fn stop(&mut self) {
        if let Some(thread) = self.thread.take() {
            self.stopped.store(true, Ordering::SeqCst);
            // Wakes the accept loop, which sees the flag and drops the listener.
            let _ = TcpStream::connect(self.address);
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn answer(stream: TcpStream, handler: &dyn Fn(&Request) -> Response) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or("/");
    let target = target.split('#').next().unwrap_or_default();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let (path, query) = (path.to_string(), query.to_string());
    let mut accept = String::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("accept") {
                accept = value.trim().to_string();
            }
        }
    }
    let response = handler(&Request { method, path, query, accept });
    let mut head = format!("HTTP/1.1 {} {}\r\n", response.status, response.reason);
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", response.body.len()));
    let mut stream = stream;
    stream.write_all(head.as_bytes())?;
    stream.write_all(&response.body)?;
    stream.flush()
}

/// A loopback port nothing listens on: bound, then released.
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener.local_addr().expect("the listener's address").port()
}
