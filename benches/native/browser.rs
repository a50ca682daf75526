//! Cold loads and typing in headless Chromium (see benches/site.rs).

use super::*;

/// A new session in a fresh profile: nothing cached, nothing stored.
pub(super) async fn session(driver: &Chromedriver, extra_flags: &[&str]) -> (Client, tempfile::TempDir) {
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

/// When a page counts as loaded: the floor once it set [`MARK`] and its template's paint and
/// largest contentful paint are recorded; the shared link the same, once the wizard has mounted
/// too (its own paint after the early paint's could be a later LCP); the bare page once its first contentful paint is
/// recorded and the wizard has mounted; the form floor once painted (or after 3 s: a build
/// without a static paint paints nothing).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Ready {
    Marked,
    MarkedAndMounted,
    Mounted,
    Painted,
}

/// Polls (at most 30 s) until the page is `ready`; returns, in ms since navigation start,
/// the mark, the first contentful paint and the phases of the load.
pub(super) async fn wait_for(client: &Client, ready: Ready) -> Value {
    let marked = format!("performance.getEntriesByName('{MARK}').length > 0 && lcp !== null && template !== null");
    let condition = match ready {
        Ready::Marked => marked,
        Ready::MarkedAndMounted => format!("{marked} && document.getElementById('wz-repo')"),
        Ready::Mounted => "fcp && document.getElementById('wz-repo')".to_string(),
        Ready::Painted => "fcp || performance.now() > 3000".to_string(),
    };
    let script = format!(
        "const first = (name) => {{ const e = performance.getEntriesByName(name)[0]; return e ? e.startTime : null; }}; \
         const fcp = first('first-contentful-paint'); \
         if (!window.__lcp) {{ window.__lcp = []; new PerformanceObserver((l) => window.__lcp.push(...l.getEntries().map((e) => e.startTime))) \
           .observe({{ type: 'largest-contentful-paint', buffered: true }}); \
           window.__template = []; new PerformanceObserver((l) => window.__template.push(...l.getEntries() \
             .filter((e) => e.identifier === '{TEMPLATE_TIMING}').map((e) => e.renderTime || e.startTime))) \
           .observe({{ type: 'element', buffered: true }}); }} \
         const lcp = window.__lcp.length ? window.__lcp[window.__lcp.length - 1] : null; \
         const template = window.__template.length ? Math.min(...window.__template) : null; \
         if (!({condition})) return null; \
         const n = performance.getEntriesByType('navigation')[0]; \
         const resources = performance.getEntriesByType('resource'); \
         const of = (ext) => resources.find(e => e.name.endsWith(ext) && !e.name.includes('{EARLY_BIN}')) || {{}}; \
         return {{ mark: first('{MARK}'), fcp, lcp, template, early: first('{EARLY}'), response_end: n.responseEnd, dom_content_loaded: n.domContentLoadedEventEnd, \
         js_discovered: of('.js').startTime, js_requested: of('.js').requestStart, js_fetched: of('.js').responseEnd, \
         wasm_fetched: of('.wasm').responseEnd, wasm_fetches: resources.filter(e => e.name.endsWith('.wasm') && !e.name.includes('{EARLY_BIN}')).length, \
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
pub(super) const PHASES: [(&str, &str); 12] = [
    ("HTML received", "response_end"),
    ("JS requested by the page", "js_discovered"),
    ("JS request sent", "js_requested"),
    ("JS received", "js_fetched"),
    ("wasm received", "wasm_fetched"),
    ("early paint (shared link)", "early"),
    ("DOMContentLoaded", "dom_content_loaded"),
    ("wasm running", "started"),
    ("first contentful paint", "fcp"),
    ("largest contentful paint", "lcp"),
    ("template painted (Element Timing)", "template"),
    ("template-shown mark", "mark"),
];

pub(super) async fn load(server: &Server, base: &str, yaml: &str, loads: usize) -> Value {
    let driver = Chromedriver::start();
    let shared = format!("{base}/?repo={}", FORK.replace('/', "%2F"));
    // The page floor: the wizard's page on the shared link, saved once mounted.
    let (client, _profile) = session(&driver, &[]).await;
    client.goto(&shared).await.expect("navigate");
    wait_for(&client, Ready::MarkedAndMounted).await;
    let snapshot = client.execute(PAGE_SNAPSHOT, vec![json!(MARK)]).await.expect("save the page");
    let _ = client.close().await;
    server.add_page("/page-floor.html", snapshot.as_str().expect("the page's HTML").as_bytes().to_vec());
    let pages = [
        ("shared_link", shared.clone(), Ready::MarkedAndMounted),
        ("floor", format!("{base}/floor.html"), Ready::Marked),
        ("page_floor", format!("{base}/page-floor.html"), Ready::Marked),
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
    // The template painted: Chromium's Element Timing of its first line (the floor's `<pre>`),
    // the browser's own measure; the largest contentful paints and the marks beside it.
    let template = summary(&series("shared_link", "template"));
    let floor = summary(&series("floor", "template"));
    let (template_mark, floor_mark) = (summary(&series("shared_link", "mark")), summary(&series("floor", "mark")));
    let (template_lcp, floor_lcp) = (summary(&series("shared_link", "lcp")), summary(&series("floor", "lcp")));
    let page_floor = summary(&series("page_floor", "template"));
    let form = summary(&series("bare_page", "fcp"));
    let form_floor = summary(&series("form_floor", "fcp"));
    let fetches = ["shared_link", "bare_page"].iter().flat_map(|p| series(p, "wasm_fetches")).fold(0.0, f64::max);
    json!({
        "what": "ms from navigation start, fresh profile per load: the template painted (Element Timing of its first line) and the form painted (first contentful paint)",
        "shared_link_url": "/?repo=octocat%2Focelot",
        "template": { "shared_link": template, "floor": floor, "ratio_median": f(&template, "median") / f(&floor, "median") },
        "template_page_floor": { "shared_link": template, "page_floor": page_floor,
                                 "ratio_median": f(&template, "median") / f(&page_floor, "median") },
        "template_mark": { "shared_link": template_mark, "floor": floor_mark,
                           "ratio_median": f(&template_mark, "median") / f(&floor_mark, "median") },
        "template_lcp": { "shared_link": template_lcp, "floor": floor_lcp,
                          "ratio_median": f(&template_lcp, "median") / f(&floor_lcp, "median") },
        "form": { "bare_page": form, "floor": form_floor, "ratio_median": f(&form, "median") / f(&form_floor, "median") },
        "shared_link_phases": phases("shared_link"),
        "bare_page_phases": phases("bare_page"),
        "wasm_fetches_per_load_max": fetches,
        "target_ratio": TARGET_LOAD_RATIO,
        "target_form_ratio": TARGET_FORM_RATIO,
        "wizard_shows_the_floor_text": same_text,
        "samples": { "template": series("shared_link", "template"), "floor": series("floor", "template"),
                     "page_floor": series("page_floor", "template"), "shared_link_lcp": series("shared_link", "lcp"),
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
pub(super) const TYPING: &str = r#"
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
pub(super) async fn type_in(driver: &Chromedriver, url: &str, flags: &[&str], keystrokes: usize) -> Value {
    let (client, _profile) = session(driver, flags).await;
    client.goto(url).await.expect("navigate");
    if !url.contains("typing-floor") {
        // The early paint marks the template shown before the wizard runs: wait for the wizard.
        wait_for(&client, Ready::MarkedAndMounted).await;
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

pub(super) async fn keystroke(base: &str, keystrokes: usize) -> Value {
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
