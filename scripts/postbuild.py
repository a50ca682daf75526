#!/usr/bin/env python3
"""Trunk post-build hook: locks the page down and writes the embed files.

- index.html gets its stylesheet inline and a Content-Security-Policy <meta>: no inline script
  or style except Trunk's loader, the head script and that stylesheet, by their sha256; 'wasm-unsafe-eval' only for WebAssembly; connect-src only the page itself (its
  wasm) and api.github.com; worker-src only the page's own worker; no third-party request of any
  kind.
- csp.txt holds the same policy for servers that send it as a header (add frame-ancestors
  there as you need).
- embed.js mounts the wizard inline into a host page's <div id="ocelot-setup">.
- The bare page gets a static first paint rendered by the wizard itself (static_paint.py).
Trunk already puts Subresource Integrity on the stylesheet, the JS module and the wasm; the
wasm's is only checked when the loader fetches it with it (Chromium ignores integrity on a
preload), so its loader here, and embed.js, do.
"""
import base64
import hashlib
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import static_paint  # noqa: E402 (next to this script)

# The class of the wizard's root element (App in src/ui/mod.rs).
ROOT_CLASS = "wz"

staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
index_path = os.path.join(staging, "index.html")
html = open(index_path, encoding="utf-8").read()

# Chromium ignores integrity on <link rel="preload" as="fetch">, and Trunk's loader fetches the
# wasm by its path: nothing would check it. The loader fetches it with its integrity instead.
wasm_preload = re.search(r'<link rel="preload" href="([^"]+\.wasm)"[^>]*? integrity="([^"]+)"[^>]*>', html)
if wasm_preload:
    href, sri = wasm_preload.groups()
    plain = f"module_or_path: '{href}'"
    if plain in html:
        html = html.replace(plain, f"module_or_path: fetch('{href}', {{ integrity: '{sri}' }})", 1)

# The bare page's first paint, rendered by the wizard itself (scripts/static_paint.py), and the
# early paint of a URL with setup state (src/ui/early.rs), which fills that copy's preview.
source = os.environ.get("TRUNK_SOURCE_DIR", ".")
public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
static_class = static_paint.rust_const(source, "src/ui/mod.rs", "STATIC_PAINT_CLASS")
state_class = static_paint.rust_const(source, "src/ui/mod.rs", "URL_STATE_CLASS")
reading_key = static_paint.rust_const(source, "src/ui/browser.rs", "READING_KEY")
compact_class = static_paint.rust_const(source, "src/ui/mod.rs", "URL_COMPACT_CLASS")
compact_keys = [static_paint.rust_const(source, "src/ui/state.rs", k) for k in ("EMBED_KEY", "COMPACT_KEY")]
early_class = static_paint.rust_const(source, "src/ui/early.rs", "EARLY_PREVIEW_CLASS")
early_link = static_paint.rust_const(source, "src/ui/early.rs", "PREVIEW_LINK")
emptied = [
    "." + static_paint.rust_const(source, "src/ui/components.rs", "GUTTER_CLASS"),
    "." + static_paint.rust_const(source, "src/ui/components.rs", "CODE_CLASS") + " code",
]
# Trunk builds the early paint as a "worker" (one "main" only): its files keep their names.
EARLY_BIN = static_paint.rust_const(source, "src/core/site.rs", "EARLY_BIN")
template_timing = static_paint.rust_const(source, "src/core/site.rs", "TEMPLATE_TIMING")
wide_media = static_paint.rust_const(source, "src/core/site.rs", "WIDE_LAYOUT")


def sri_and_version(name):
    """The integrity of a built file, and a version for its URL (its name carries no hash)."""
    data = open(os.path.join(staging, name), "rb").read()
    sri = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
    return sri, hashlib.sha256(data).hexdigest()[:16]


painted = "no static paint"
if os.environ.get("OCELOT_STATIC_PAINT") == "off":
    painted = "no static paint (OCELOT_STATIC_PAINT=off)"
elif f'class="{static_class} ' in html:
    painted = "the static paint was already there"
else:
    open(index_path, "w", encoding="utf-8").write(html)
    started = time.monotonic()
    flags = static_paint.chromium_flags(source)
    pages = [("", None, []), (early_link, "aside", emptied)]
    rendered = static_paint.render(staging, public_url, ROOT_CLASS, flags, pages)
    if rendered is not None:
        bare, preview = rendered
        copy = static_paint.inert(bare, ROOT_CLASS, static_class, (early_class, preview))
        # The bare page's largest paint is the static paint, and a shared link's the early
        # paint's: the wasm is fetched once that is painted (see static_paint.after_paint).
        html = html.replace(wasm_preload.group(0), "", 1)
        early = []
        for name in (f"{EARLY_BIN}.js", f"{EARLY_BIN}_bg.wasm"):
            sri, version = sri_and_version(name)
            early.append((f"{public_url}{name}?v={version}", sri))
        head = static_paint.head_script(state_class, reading_key, compact_class, compact_keys, wide_media, wasm_preload.groups(), early)
        script = f"<script>{head}</script>"
        html = html.replace("const wasm = await init(", static_paint.after_paint(compact_class, template_timing) + "\nconst wasm = await init(", 1)
        # Before the stylesheet: a script after it would wait for it.
        html = html.replace('<meta charset="utf-8" />', '<meta charset="utf-8" />\n    ' + script + "\n    " + static_paint.RENDER_AFTER, 1)
        html = html.replace("</body>", copy + "\n  </body>", 1)
        if script not in html or copy not in html:
            sys.exit("postbuild: index.html has no <meta charset=\"utf-8\" /> or </body> for the static paint")
        painted = f"static paint of {len(copy)} bytes in {time.monotonic() - started:.1f} s"

# The stylesheet inline, hashed in the CSP: a render-blocking request for it is discovered only
# once the renderer has started, and came 30-40 ms after the page was parsed (measured,
# README "Benchmarks"). The file stays in dist/ for embed.js.
stylesheet = re.search(r'<link rel="stylesheet" href="[^"]*?([^"/]+\.css)" integrity="([^"]+)"[^>]*>', html)
if not stylesheet:
    sys.exit("postbuild: index.html has no stylesheet link to inline")
css_file = stylesheet.group(1)
css_text = open(os.path.join(staging, css_file), encoding="utf-8").read()
if "</style" in css_text.lower():
    sys.exit(f"postbuild: {css_file} holds </style, which would end an inline <style>")
html = html.replace(stylesheet.group(0), f"<style>{css_text}</style>", 1)


def csp_hashes(texts):
    """The CSP source expressions allowing each inline text, by its sha256."""
    return " ".join("'sha256-%s'" % base64.b64encode(hashlib.sha256(t.encode("utf-8")).digest()).decode() for t in texts)


style_hashes = csp_hashes(re.findall(r"<style>(.*?)</style>", html, flags=re.S))
scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
hashes = csp_hashes(scripts)
policy = "; ".join(
    [
        "default-src 'none'",
        f"script-src 'self' {hashes} 'wasm-unsafe-eval'",
        f"style-src 'self' {style_hashes}",
        "img-src 'self' data:",
        "connect-src 'self' https://api.github.com",
        # The worker that reads a fork (ocelot-setup-worker_loader.js), from the site only.
        "worker-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)
meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
if "Content-Security-Policy" not in html:
    html = html.replace('<meta charset="utf-8" />', '<meta charset="utf-8" />\n    ' + meta, 1)
    if meta not in html:
        sys.exit("postbuild: index.html has no <meta charset=\"utf-8\" /> to put the CSP after")
open(index_path, "w", encoding="utf-8").write(html)
open(os.path.join(staging, "csp.txt"), "w", encoding="utf-8").write(policy + "\n")


def asset(pattern):
    found = re.search(pattern, html)
    if not found:
        sys.exit(f"postbuild: index.html has no asset matching {pattern}")
    return found


css = stylesheet
js = asset(r'<link rel="modulepreload" href="[^"]*?([^"/]+\.js)"[^>]*? integrity="([^"]+)"')
# The wasm's preload link may be gone (see the static paint above): its first match stands.
wasm = wasm_preload and re.search(r'href="[^"]*?([^"/]+\.wasm)"[^>]*? integrity="([^"]+)"', wasm_preload.group(0))
if not wasm:
    sys.exit("postbuild: index.html has no wasm preload link")
embed = f"""// ocelot-setup inline embed, generated by scripts/postbuild.py at build time.
// In the host page: <div id="ocelot-setup" data-template-url="..."></div>
//                   <script type="module" src="<site>/embed.js"></script>
const here = new URL(".", import.meta.url);
const style = document.createElement("link");
style.rel = "stylesheet";
style.href = new URL("{css.group(1)}", here).href;
style.integrity = "{css.group(2)}";
style.crossOrigin = "anonymous";
document.head.append(style);
// The module through a modulepreload, which checks its integrity; the wasm fetched with its own.
const module = document.createElement("link");
module.rel = "modulepreload";
module.href = new URL("{js.group(1)}", here).href;
module.integrity = "{js.group(2)}";
module.crossOrigin = "anonymous";
document.head.append(module);
const {{ default: init }} = await import(module.href);
await init({{ module_or_path: fetch(new URL("{wasm.group(1)}", here), {{ integrity: "{wasm.group(2)}" }}) }});
"""
open(os.path.join(staging, "embed.js"), "w", encoding="utf-8").write(embed)
print(f"postbuild: CSP with {len(scripts)} inline script hash(es), csp.txt, embed.js, {painted}")
