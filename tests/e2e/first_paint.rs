//! The first paint before the wasm: the bare page shows the wizard's form from static HTML
//! (scripts/static_paint.py renders it from the wizard at build time), inert, and the wizard
//! takes its place without moving anything; a URL with setup state never shows it.

use std::time::Duration;

use serde_json::{json, Value};

use crate::page::{eventually, Page};
use crate::server;

/// The static copy's class (`STATIC_PAINT_CLASS` in src/ui/mod.rs).
const STATIC: &str = ".wz-static";

/// What the static copy and the mounted wizard are: is each there, displayed (has a box), and
/// is the fork field inside an inert tree.
const STATE: &str = "const copy = document.querySelector(arguments[0]);\
    const field = copy && copy.querySelector('input[type=text]');\
    return { copy: Boolean(copy), copy_shown: Boolean(copy && copy.getClientRects().length),\
      field_inert: Boolean(field && field.closest('[inert]')), mounted: Boolean(document.getElementById('wz-repo')),\
      text: document.body.innerText };";

async fn state(page: &Page) -> Value {
    page.run_script(STATE, vec![json!(STATIC)]).await
}

#[tokio::test]
async fn the_bare_page_shows_the_form_while_the_wasm_is_not_there() {
    let site = server::start_with_slow_wasm(None);
    let mut page = Page::new().await;
    page.use_site(&site.url());
    page.open_root("").await;

    page.sees("Set up your ocelot fork").await;
    page.sees("Enter your fork to see the template made for it.").await;
    page.displayed("the fork field's label", "//label[normalize-space(.)='Your fork']").await;
    page.displayed("the fork field", "//input[@placeholder='octocat/ocelot']").await;
    let now = state(&page).await;
    assert_eq!(now["copy_shown"], json!(true), "the static copy is painted: {now}");
    assert_eq!(now["field_inert"], json!(true), "the static copy is inert until the wizard runs: {now}");
    assert_eq!(now["mounted"], json!(false), "the wasm never came, so this is the static copy: {now}");
    let ticked = page
        .run_script(&format!("return document.querySelector('{STATIC} input[type=checkbox]').checked;"), vec![])
        .await;
    assert_eq!(ticked, json!(true), "the static copy shows the reading on, as the wizard starts");
    page.close().await;
}

#[tokio::test]
async fn a_url_with_setup_state_never_shows_the_bare_page() {
    let site = server::start_with_slow_wasm(None);
    let mut page = Page::new().await;
    page.use_site(&site.url());
    for rest in ["?repo=octocat%2Focelot", "?github=off", "?embed=1", "?step=options", "#deploy"] {
        page.open_root(rest).await;
        // The page has parsed (its static copy is in the DOM) and the wasm is not coming.
        let now = eventually(format!("{rest} to be parsed"), || async {
            let now = state(&page).await;
            if now["copy"] == json!(true) {
                Ok(now)
            } else {
                Err(format!("no static copy in the DOM: {now}"))
            }
        })
        .await;
        assert_eq!(now["copy_shown"], json!(false), "{rest}: the bare page's copy is hidden: {now}");
        let text = now["text"].as_str().unwrap_or_default();
        assert!(!text.contains("Enter your fork"), "{rest} shows the bare page's text:\n{text}");
    }

    // The reading turned off on this browser: the bare page's switch would be wrong.
    page.run_script("localStorage.setItem('ocelot-setup:github-reading', 'off');", vec![]).await;
    page.open_root("").await;
    let now = state(&page).await;
    assert_eq!(now["copy_shown"], json!(false), "with the reading turned off here, the copy is hidden: {now}");
    page.run_script("localStorage.clear();", vec![]).await;

    // With its wasm, a shared link shows its own template, and the copy is gone.
    page.use_site(server::site());
    page.open_link(&ocelot_setup::core::setup::SetupInput::for_fork("octocat/ocelot"), None, false).await;
    page.template_has("octocat/ocelot").await;
    let now = state(&page).await;
    assert_eq!(now["copy"], json!(false), "the wizard removed the static copy: {now}");
    page.close().await;
}

/// The boxes of the fork field and the preview: `[x, y, width, height]` each.
const BOXES: &str = "const [field, preview] = [document.querySelector(arguments[0]), document.querySelector(arguments[1])];\
    const box = el => { if (!el) return null; const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; };\
    return { field: box(field), preview: box(preview) };";

#[tokio::test]
async fn the_wizard_takes_over_the_static_paint_without_moving_it() {
    // Long enough to read the static copy's boxes before the wizard runs.
    let site = server::start_with_slow_wasm(Some(Duration::from_millis(2500)));
    let mut page = Page::new().await;
    page.use_site(&site.url());
    page.open_root("").await;
    page.displayed("the fork field", "//input[@placeholder='octocat/ocelot']").await;
    let before = page
        .run_script(BOXES, vec![json!(format!("{STATIC} input[type=text]")), json!(format!("{STATIC} aside"))])
        .await;
    let now = state(&page).await;
    assert_eq!(now["mounted"], json!(false), "the boxes were read before the wizard ran: {now}");

    eventually("the wizard to take over", || async {
        let now = state(&page).await;
        if now["mounted"] == json!(true) && now["copy"] == json!(false) {
            Ok(())
        } else {
            Err(format!("not yet: {now}"))
        }
    })
    .await;
    let after = page.run_script(BOXES, vec![json!("#wz-repo"), json!("#wz-preview")]).await;
    assert!(before["field"].is_array() && before["preview"].is_array(), "the static copy had both: {before}");
    assert_eq!(before, after, "the fork field and the preview keep their boxes when the wizard takes over");
    let shifts = page
        .run_async_script(
            "const done = arguments[arguments.length - 1]; let sum = 0;\
             new PerformanceObserver(list => { for (const e of list.getEntries()) sum += e.value; })\
               .observe({ type: 'layout-shift', buffered: true });\
             requestAnimationFrame(() => setTimeout(() => done(sum), 0));",
            vec![],
        )
        .await;
    assert_eq!(shifts.as_f64(), Some(0.0), "no layout shift from the first paint to the wizard: {shifts}");
    page.close().await;
}

/// When the wasm was requested, when the first contentful paint was, how many times the wasm
/// was fetched, and whether the head holds a preload of it.
const WASM_TIMING: &str =
    "const wasm = performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm'));\
    const paint = performance.getEntriesByName('first-contentful-paint')[0];\
    return { requested: wasm.length ? wasm[0].startTime : null, painted: paint ? paint.startTime : null,\
      fetches: wasm.length, preload: Boolean(document.querySelector('link[rel=preload][href$=\".wasm\"]')) };";

#[tokio::test]
async fn the_bare_page_fetches_its_wasm_after_its_first_paint_and_a_link_preloads_it() {
    let mut page = Page::new().await;
    page.use_site(server::site());
    page.open_root("").await;
    page.displayed("the wizard's fork field", "//input[@id='wz-repo']").await;
    let bare = page.run_script(WASM_TIMING, vec![]).await;
    let (requested, painted) = (bare["requested"].as_f64(), bare["painted"].as_f64());
    assert!(
        matches!((requested, painted), (Some(r), Some(p)) if r >= p),
        "the bare page asks for its wasm only once its static paint is painted (else Lighthouse's LCP waits for the wasm): {bare}"
    );
    assert_eq!((bare["fetches"].clone(), bare["preload"].clone()), (json!(1), json!(false)), "{bare}");

    page.open_link(&ocelot_setup::core::setup::SetupInput::for_fork("octocat/ocelot"), None, false).await;
    page.template_has("octocat/ocelot").await;
    let link = page.run_script(WASM_TIMING, vec![]).await;
    assert_eq!(
        (link["fetches"].clone(), link["preload"].clone()),
        (json!(1), json!(true)),
        "a shared link preloads its wasm from the head and fetches it once: {link}"
    );
    page.close().await;
}
