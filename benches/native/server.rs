//! The bench's static server and its floor pages (see benches/site.rs).

use super::*;

/// A minimal HTML page around `body`.
pub(super) fn static_page(title: &str, body: &str) -> Vec<u8> {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n\
         <title>{title}</title>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
    .into_bytes()
}

pub(super) fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The floor: the same template text in a plain <pre>, timed like the wizard's (its Element
/// Timing identifier) and marked like the wizard marks it (once painted: in a task after the
/// next animation frame).
pub(super) fn floor_page(yaml: &str) -> Vec<u8> {
    let body = format!(
        "<pre id=\"wz-template\" elementtiming=\"{TEMPLATE_TIMING}\">{}</pre>\n\
         <script>requestAnimationFrame(() => setTimeout(() => performance.mark(\"{MARK}\"), 0));</script>\n",
        escape_html(yaml)
    );
    static_page("Floor: the template as static HTML", &body)
}

/// The floor of the bare page: dist/index.html without its module and wasm (no loader, no
/// preloads): its static first paint, if the build made one, and nothing else. Without a
/// static paint it paints nothing, and the form's ratio says so.
pub(super) fn form_floor_page(dist: &Path) -> Vec<u8> {
    let index = std::fs::read_to_string(dist.join("index.html")).expect("read dist/index.html");
    let page = cut(&index, "<script type=\"module\">", "</script>");
    let page = cut(&page, "<link rel=\"modulepreload\"", ">");
    cut(&page, "<link rel=\"preload\"", ">").into_bytes()
}

/// `text` without every piece from `open` to the next `close`, both included.
pub(super) fn cut(text: &str, open: &str, close: &str) -> String {
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
pub(super) fn typing_floor_page(yaml: &str) -> Vec<u8> {
    let escaped = escape_html(yaml);
    let (first, rest) = escaped.split_once('\n').unwrap_or((&escaped, ""));
    let body = format!(
        "<input id=\"wz-repo\" />\n<pre id=\"wz-template\"><span id=\"first\">{first}</span>\n{rest}</pre>\n\
         <script>const i = document.getElementById('wz-repo'), f = document.getElementById('first');\n\
         i.addEventListener('input', () => {{ f.textContent = '# ' + i.value; }});</script>\n"
    );
    static_page("Floor: typing into a static template", &body)
}

pub(super) struct Asset {
    content_type: &'static str,
    body: Vec<u8>,
    gzip: Vec<u8>,
}

/// A static server on a free loopback port: dist/ at `/`, the floor page at `/floor.html`.
/// Text assets go out gzip-compressed (`gzip -9`) when the browser accepts it, as a real
/// static host sends them; nothing may be cached.
pub(super) struct Server {
    pub(super) address: SocketAddr,
    stop: Arc<std::sync::atomic::AtomicBool>,
    assets: Arc<std::sync::RwLock<BTreeMap<String, Asset>>>,
}

impl Server {
    pub(super) fn start(dist: &Path, floor: Vec<u8>, typing_floor: Vec<u8>, form_floor: Vec<u8>) -> Server {
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
        let assets = Arc::new(std::sync::RwLock::new(assets));
        let served = assets.clone();
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
                            let _ = respond(stream, &assets.read().expect("the assets"));
                        });
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        Server { address, stop, assets: served }
    }

    /// Serves `body` (HTML) at `path` from now on.
    pub(super) fn add_page(&self, path: &str, body: Vec<u8>) {
        let gzip = gzip(&body);
        let asset = Asset { content_type: "text/html; charset=utf-8", body, gzip };
        self.assets.write().expect("the assets").insert(path.to_string(), asset);
    }
}

/// The page floor: the wizard's own page on the shared link, once mounted, saved as static HTML
/// (its markup, inline stylesheet and the controls' state; no script, no preload, no CSP), and
/// marked like the floor: the same page as a static site would serve it.
pub(super) const PAGE_SNAPSHOT: &str = r#"
const root = document.documentElement.cloneNode(true);
const live = document.documentElement.querySelectorAll('input, textarea');
root.querySelectorAll('input, textarea').forEach((c, i) => {
  const l = live[i];
  if (c.type === 'checkbox' || c.type === 'radio') c.toggleAttribute('checked', l.checked);
  else if (c.tagName === 'TEXTAREA') c.textContent = l.value; else c.setAttribute('value', l.value);
});
root.querySelectorAll('script, link[rel=modulepreload], link[rel=preload], meta[http-equiv]').forEach((e) => e.remove());
const mark = document.createElement('script');
mark.textContent = `requestAnimationFrame(() => setTimeout(() => performance.mark(${JSON.stringify(arguments[0])}), 0));`;
root.querySelector('body').append(mark);
return '<!doctype html>' + root.outerHTML;
"#;

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

pub(super) fn gzip(body: &[u8]) -> Vec<u8> {
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

pub(super) fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        _ => "text/plain; charset=utf-8",
    }
}

/// One request per connection (`Connection: close`).
pub(super) fn respond(mut stream: TcpStream, assets: &BTreeMap<String, Asset>) -> std::io::Result<()> {
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
