"""The bare page's first paint, rendered by the wizard itself at build time (postbuild.py).

The bare page (no query, no hash) is the same for everyone, so what the wizard mounts there can
be painted from static HTML before its wasm arrives. Nobody writes that markup: the built site is
served from the staging dir on a loopback port, headless Chromium (through chromedriver) runs the
wizard on the bare page, and the mounted markup is taken with its live state (checked boxes, open
details, field values) written back into attributes, as the static copy has no script to set them.

The copy is inert, carries no ids (the wizard's own elements keep them, and tests find fields by
id), and the wizard removes it in the same task that mounts itself (src/ui/mod.rs). A tiny inline
script in <head> marks the document when the URL carries setup state (or the reading was turned
off on this browser), and the stylesheet then hides all of the copy but its header (all of it
where the URL may drop the header), so a shared link, an embed or `github=off` never shows the
bare page's form or preview, not even for a frame.
"""
import functools
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

# Beside the flags every headless Chromium here starts with (chromium_flags): the e2e tests' own.
EXTRA_FLAGS = ["--disable-dev-shm-usage", "--window-size=1280,900"]

# Waits (at most 10 s) for the mounted wizard and one painted frame, writes the live state of
# the controls into attributes, empties the elements `clear` selects, and returns the markup of
# the element `part` selects in the wizard's root.
TAKE = """
const [root, part, clear, done] = [arguments[0], arguments[1], arguments[2], arguments[arguments.length - 1]];
const deadline = performance.now() + 10000;
const settle = () => requestAnimationFrame(() => setTimeout(take, 0));
const take = () => {
  const mounted = document.querySelector('body > ' + root);
  const el = mounted && (part ? mounted.querySelector(part) : mounted);
  if (!el) return performance.now() < deadline ? setTimeout(take, 20) : done({ error: 'no ' + root + ' ' + part + ' in the body' });
  if (!take.settled) { take.settled = true; return settle(); }
  for (const c of el.querySelectorAll('input')) {
    if (c.type === 'checkbox' || c.type === 'radio') c.toggleAttribute('checked', c.checked);
    else c.setAttribute('value', c.value);
  }
  for (const t of el.querySelectorAll('textarea')) t.textContent = t.value;
  for (const d of el.querySelectorAll('details')) d.toggleAttribute('open', d.open);
  for (const o of el.querySelectorAll('option')) o.toggleAttribute('selected', o.selected);
  for (const selector of clear) {
    const found = el.querySelector(selector);
    if (!found) return done({ error: 'no ' + selector + ' in ' + part });
    found.textContent = '';
  }
  done({ html: el.outerHTML });
};
take();
"""


def rust_const(source_dir, path, name):
    """The string value of `const NAME: &str = "..."` in a Rust file: the fact stays written once."""
    text = open(os.path.join(source_dir, path), encoding="utf-8").read()
    found = re.search(r'const %s: &str = "([^"\\]*)";' % re.escape(name), text)
    if not found:
        raise SystemExit(f"postbuild: {path} has no `const {name}: &str = \"...\";` (the static paint reads it)")
    return found.group(1)


def chromium_flags(source_dir):
    """CHROMIUM_FLAGS of tests/support/chromedriver.rs, the one list of them."""
    path = "tests/support/chromedriver.rs"
    text = open(os.path.join(source_dir, path), encoding="utf-8").read()
    found = re.search(r"pub const CHROMIUM_FLAGS: \[&str; \d+\] = \[(.*?)\];", text, flags=re.S)
    if not found:
        raise SystemExit(f"postbuild: {path} has no `pub const CHROMIUM_FLAGS` (the static paint reads it)")
    return re.findall(r'"([^"]+)"', found.group(1))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        # The site is built for its public URL (e.g. /ocelot/setup/); serve the staging dir there.
        prefix = self.server.public_url.rstrip("/")
        if path.startswith(prefix):
            path = path[len(prefix):] or "/"
        return super().translate_path(path)


def webdriver(port, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=30) as response:
        return json.loads(response.read() or b"null")


def render(staging, public_url, root_class, flags, pages):
    """The wizard's markup on each of `pages` (`(query, part, clear)`: the URL's query, the
    selector of the part to take, or None for the root, and the selectors of the elements to
    empty), or None with a warning when no Chromium is here."""
    driver = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    missing = [p for p in (driver, chrome) if not os.path.isfile(p)]
    if missing:
        print(
            f"postbuild: WARNING: no static first paint: {' and '.join(missing)} not found "
            "(`bash scripts/setup.sh` installs chromium and chromium-driver; CHROMEDRIVER and CHROME_PATH "
            "name others). The page paints when its wasm runs."
        )
        return None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=staging))
    server.public_url = public_url
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = free_port()
    process = subprocess.Popen(
        [driver, f"--port={port}"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    profile = tempfile.mkdtemp(prefix="ocelot-static-paint-")
    site = f"http://127.0.0.1:{server.server_address[1]}{public_url}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if webdriver(port, "GET", "/status")["value"]["ready"]:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"postbuild: chromedriver ({driver}) did not start within 20 s")
            time.sleep(0.05)
        options = {"binary": chrome, "args": flags + EXTRA_FLAGS + [f"--user-data-dir={profile}"]}
        capabilities = {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options}}
        session = webdriver(port, "POST", "/session", {"capabilities": capabilities})["value"]["sessionId"]
        try:
            webdriver(port, "POST", f"/session/{session}/timeouts", {"script": 15000})
            results = []
            for query, part, clear in pages:
                webdriver(port, "POST", f"/session/{session}/url", {"url": site + query})
                args = ["." + root_class, part, clear]
                results.append(webdriver(port, "POST", f"/session/{session}/execute/async", {"script": TAKE, "args": args})["value"])
        finally:
            webdriver(port, "DELETE", f"/session/{session}")
    except (OSError, KeyError, ValueError) as error:
        raise SystemExit(f"postbuild: the static paint failed: {chrome} through {driver} on {site}: {error!r}")
    finally:
        try:
            webdriver(port, "GET", "/shutdown")
        except OSError:
            pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    for (query, _, _), result in zip(pages, results):
        if not isinstance(result, dict) or "html" not in result:
            raise SystemExit(f"postbuild: the static paint failed: the wizard did not mount on {site}{query}: {result}")
    return [result["html"] for result in results]


def plain(markup):
    """Rendered markup without ids (the wizard's own elements keep them) or Leptos markers."""
    markup = re.sub(r"<!---->", "", markup)
    return re.sub(r'\sid="[^"]*"', "", markup)


# The id of the static copy's last element, which the page's first render waits for (RENDER_AFTER).
COPY_END = "wz-static-end"
# For <head>: no render until the static copy is parsed whole. With the stylesheet inline nothing
# else blocks the first render, and Chromium painted a half-parsed copy, whose page then grew a
# scrollbar and shifted every box sideways (a layout shift the e2e tests caught).
RENDER_AFTER = f'<link rel="expect" href="#{COPY_END}" blocking="render" />'


def inert(markup, root_class, static_class, early):
    """The rendered root as the static copy: inert, plain, and ending with `early` (the preview
    for the early paint, `(class, markup)`) in a <template> whose id is COPY_END."""
    markup = plain(markup)
    opening = f'<div class="{root_class}'
    if not markup.startswith(opening) or not markup.endswith("</div>"):
        raise SystemExit(f"postbuild: the static paint is not one <div class=\"{root_class}...\">: {markup[:80]!r}")
    end = f'<template id="{COPY_END}" class="{early[0]}">{plain(early[1])}</template></div>'
    markup = markup[: -len("</div>")] + end
    return f'<div inert class="{static_class} {root_class}' + markup[len(opening):]


# The globals through which the head script hands the early paint's promise, and the first
# contentful paint's, to the loader.
EARLY_GLOBAL = "ocelotSetupEarlyPaint"
PAINT_GLOBAL = "ocelotSetupFirstPaint"


def head_script(state_class, reading_key, compact_class, compact_keys, wide_media, wasm, early):
    """Promises the first contentful paint (a second at most) to the loader; marks the document
    when the bare page's content would be wrong for it: setup state in the URL (a shared link,
    an embed, github=off, a step), or the reading turned off here; marks it again when the URL
    has one of `compact_keys` (its header may be dropped); and then imports the early paint
    (`early`: its module and wasm, or None), which shows that URL's template from the static
    copy (the wizard's wasm waits for that paint, see `after_paint`), or without it preloads the
    wizard's wasm, which that page waits for. The early paint is only fetched where the copy may
    show (not `compact`) and `wide_media` matches: there the preview stands beside the step, in
    the first screen. Below, it is under the step, below the fold, and a phone would pay its
    80 KB and its work on the main thread (Lighthouse's blocking time) for a template nobody
    sees before the wizard runs.
    `wasm` and each of `early` are `(href, integrity)`."""
    add = (
        "const add = (attributes) => { const l = document.createElement(\"link\"); "
        "Object.assign(l, { crossOrigin: \"anonymous\" }, attributes); document.head.append(l); }; "
    )
    if early is not None:
        (js, js_sri), (early_wasm, early_sri) = early
        # The modulepreload checks the module's integrity; import() then takes it from the map.
        # Its wasm is fetched beside its module, not once the module has run.
        load = (
            "const early = () => { "
            f'add({{ rel: "modulepreload", href: {json.dumps(js)}, integrity: {json.dumps(js_sri)} }}); '
            f"const wasm = fetch({json.dumps(early_wasm)}, {{ integrity: {json.dumps(early_sri)} }}); "
            f"return import({json.dumps(js)}).then((m) => m.default({{ module_or_path: wasm }})); }}; "
            f"if (!compact && matchMedia({json.dumps(wide_media)}).matches) window.{EARLY_GLOBAL} = early().catch(() => {{}});"
        )
    else:
        load = (
            f'add({{ rel: "preload", as: "fetch", type: "application/wasm", href: {json.dumps(wasm[0])}, '
            f"integrity: {json.dumps(wasm[1])} }});"
        )
    root = "document.documentElement.classList"
    return (
        f"window.{PAINT_GLOBAL} = new Promise((painted) => {{ new PerformanceObserver((list, observer) => {{ "
        'if (list.getEntriesByName("first-contentful-paint").length) { observer.disconnect(); painted(); } '
        '}).observe({ type: "paint", buffered: true }); setTimeout(painted, 1000); }); '
        "let wrong = true, compact = true; try { "
        "const query = new URLSearchParams(location.search); "
        f"compact = {json.dumps(compact_keys)}.some((key) => query.has(key)); "
        "wrong = Boolean(location.search || location.hash) || "
        f"localStorage.getItem({json.dumps(reading_key)}) === \"off\"; }} catch (_) {{}} "
        f"if (wrong) {{ {root}.add({json.dumps(state_class)}); "
        f"if (compact) {root}.add({json.dumps(compact_class)}); {add}{load} }}"
    )


def after_paint(compact_class, template_timing):
    """Lines for the loader: when the static copy shows something (the bare page's form, or a
    URL's header and maybe the early paint's template: all but where the URL may drop the
    header) on a visible page, wait until the first contentful paint is recorded (the head
    script's promise), and the early paint's template's too when it put one on screen (its
    first line's Element Timing, named `template_timing`), a second at most each, before
    fetching the wasm: a fetch started before counts in Lighthouse's simulated LCP, and the
    wasm's compiling and mounting would delay that paint's frame, and remove it before it was
    presented. The early paint's promise comes first: the wizard must not take over before it."""
    root = "document.documentElement.classList"
    return (
        f"if (window.{EARLY_GLOBAL}) await window.{EARLY_GLOBAL};\n"
        f"if (!document.hidden && !{root}.contains({json.dumps(compact_class)})) {{\n"
        f"  await window.{PAINT_GLOBAL};\n"
        f"  const timed = document.querySelector('[elementtiming={json.dumps(template_timing)}]');\n"
        "  if (timed && timed.getBoundingClientRect().top < innerHeight) await new Promise((painted) => { "
        "const observer = new PerformanceObserver((list) => { "
        f"if (list.getEntries().some((e) => e.identifier === {json.dumps(template_timing)})) {{ observer.disconnect(); painted(); }} }}); "
        'observer.observe({ type: "element", buffered: true }); setTimeout(painted, 1000); });\n'
        "}"
    )
