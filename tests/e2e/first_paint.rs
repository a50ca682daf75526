//! The first paint before the wasm: the bare page shows the wizard's form from static HTML
//! (scripts/static_paint.py renders it from the wizard at build time), inert, and the wizard
//! takes its place without moving anything; a URL with setup state never shows its form, and a
//! shared link shows its own template first from the early paint (src/ui/early.rs).

use std::time::Duration;

use serde_json::{json, Value};

use ocelot_setup::core::site::EARLY_BIN;

use crate::page::{eventually, Page};
use crate::server;

/// The static copy's class (`STATIC_PAINT_CLASS` in src/ui/mod.rs).
const STATIC: &str = ".wz-static";

/// What the static copy and the mounted wizard are: is each there, displayed (has a box), and
/// is the fork field inside an inert tree.
const STATE: &str = "const copy = document.querySelector(arguments[0]);\
    const field = copy && copy.querySelector('input[type=text]');\
    return { copy: Boolean(copy), copy_shown: Boolean(copy && copy.getClientRects().length),\
      field_shown: Boolean(field && field.getClientRects().length && getComputedStyle(field).visibility === 'visible'),\
      field_inert: Boolean(field && field.closest('[inert]')), mounted: Boolean(document.getElementById('wz-repo')),\
      text: document.body.innerText };";

async fn state(page: &Page) -> Value {
    page.run_script(STATE, vec![json!(STATIC)]).await
}

/// Waits until the wizard has mounted and removed the static copy.
async fn taken_over(page: &Page) {
    eventually("the wizard to take over", || async {
        let now = state(page).await;
        if now["mounted"] == json!(true) && now["copy"] == json!(false) {
            Ok(())
        } else {
            Err(format!("not yet: {now}"))
        }
    })
    .await;
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

/// What a URL with setup state shows before the wizard runs: the bare page's form never; the
/// early paint's header and preview where they are right (`Some(preview)`: the text the preview
/// shows), nothing where they are not (`None`).
#[tokio::test]
async fn a_url_with_setup_state_never_shows_the_bare_page() {
    let site = server::start_with_slow_wasm(None);
    let mut page = Page::new().await;
    page.use_site(&site.url());
    let empty = "Enter your fork to see the template made for it.";
    let cases: [(&str, Option<&str>); 6] = [
        ("?repo=octocat%2Focelot", Some("For octocat/ocelot in us-east-1")),
        ("?github=off", Some(empty)),
        ("?step=options", Some(empty)),
        ("#deploy", Some(empty)),
        ("?repo=octocat%2Fbad%20name", Some(empty)),
        ("?embed=1&repo=octocat%2Focelot", None),
    ];
    for (rest, preview) in cases {
        page.open_root(rest).await;
        // The page has parsed (its static copy is in the DOM), the early paint has had its
        // chance, and the wizard's wasm is not coming.
        let now = eventually(format!("{rest} to be parsed and painted early"), || async {
            let now = state(&page).await;
            let early = page.run_script(EARLY, vec![]).await;
            if now["copy"] == json!(true) && (preview.is_none() || early == json!(true)) {
                Ok(now)
            } else {
                Err(format!("not yet: {now}, early paint {early}"))
            }
        })
        .await;
        let text = now["text"].as_str().unwrap_or_default();
        assert_eq!(now["field_shown"], json!(false), "{rest}: the bare page's form is never shown: {now}");
        match preview {
            Some(preview) => {
                assert!(text.contains("Set up your ocelot fork"), "{rest}: the header shows:\n{text}");
                assert!(text.contains(preview), "{rest}: the preview shows {preview:?}:\n{text}");
                assert!(!text.contains("1. Your fork"), "{rest}: no step shows before the wizard:\n{text}");
            }
            None => assert_eq!(now["copy_shown"], json!(false), "{rest}: nothing shows before the wizard: {now}"),
        }
    }

    // The reading turned off on this browser: the bare page's switch would be wrong.
    page.open_root("").await;
    page.run_script("localStorage.setItem('ocelot-setup:github-reading', 'off');", vec![]).await;
    page.open_root("").await;
    let now = eventually("the page to be parsed", || async {
        let now = state(&page).await;
        if now["copy"] == json!(true) {
            Ok(now)
        } else {
            Err(format!("{now}"))
        }
    })
    .await;
    assert_eq!(now["field_shown"], json!(false), "with the reading turned off here, the form is hidden: {now}");
    page.run_script("localStorage.clear();", vec![]).await;

    // With its wasm, a shared link shows its own template, and the copy is gone.
    page.use_site(server::site());
    page.open_link(&ocelot_setup::core::setup::SetupInput::for_fork("octocat/ocelot"), None, false).await;
    page.template_has("octocat/ocelot").await;
    let now = state(&page).await;
    assert_eq!(now["copy"], json!(false), "the wizard removed the static copy: {now}");
    page.close().await;
}

/// What a URL with setup state shows with the HTML alone (no wasm ever comes, not even the
/// early paint's): the header where every page shows it, nothing else, and nothing at all where
/// the URL may drop the header; the stepper's place is kept.
#[tokio::test]
async fn a_url_with_setup_state_shows_the_header_alone_before_any_wasm() {
    let (site, asked) = server::start_watched(|path| path.ends_with(".wasm"));
    let mut page = Page::new().await;
    page.use_site(&site.url());
    let cases: [(&str, bool); 6] = [
        ("?repo=octocat%2Focelot", true),
        ("?github=off", true),
        ("#deploy", true),
        ("?repo=octocat%2Focelot&embed=1", false),
        ("?compact=1", false),
        ("?compact=0&repo=octocat%2Focelot", false),
    ];
    for (rest, header) in cases {
        page.open_root(rest).await;
        let now = eventually(format!("{rest} to be parsed"), || async {
            let now = state(&page).await;
            if now["copy"] == json!(true) && page.run_script(WASM_ASKED, vec![]).await == json!(true) {
                Ok(now)
            } else {
                Err(format!("not yet: {now}"))
            }
        })
        .await;
        let text = now["text"].as_str().unwrap_or_default();
        let early = page.run_script(EARLY, vec![]).await;
        assert_eq!(early, json!(false), "{rest}: the early paint's wasm was refused: {now}");
        assert_eq!(now["field_shown"], json!(false), "{rest}: the bare page's form is never shown: {now}");
        for hidden in ["1. Your fork", "Enter your fork", "Your template"] {
            assert!(!text.contains(hidden), "{rest}: {hidden:?} is not shown before the wasm:\n{text}");
        }
        if header {
            assert!(text.contains("Set up your ocelot fork"), "{rest}: the header shows with the HTML:\n{text}");
            let place = page.run_script(STEPPER, vec![json!(STATIC)]).await;
            assert!(place.as_f64().is_some_and(|h| h > 0.0), "{rest}: the stepper keeps its place: {place}");
        } else {
            assert_eq!(now["copy_shown"], json!(false), "{rest}: nothing shows before the wizard: {now}");
        }
    }
    assert!(asked.lock().expect("the log").iter().any(|p| p.contains(EARLY_BIN)), "the early paint was asked for");
    page.close().await;
}

/// Whether the page has asked for a wasm (refused here), so its head script has run.
const WASM_ASKED: &str =
    "return performance.getEntriesByType('resource').some(e => e.name.split('?')[0].endsWith('.wasm'));";

/// The height of the static copy's stepper.
const STEPPER: &str =
    "return document.querySelector(arguments[0]).querySelector('nav').getBoundingClientRect().height;";

/// Whether the early paint has run (`ocelot-setup:early-paint`, `EARLY_MARK` in src/ui/early.rs).
const EARLY: &str = "return performance.getEntriesByName('ocelot-setup:early-paint').length > 0;";

/// The preview's lines and gutter, its box and the document's classes: `[x, y, width, height]`.
const PREVIEW: &str = "const root = document.querySelector(arguments[0]);\
    const pre = root && root.querySelector('aside pre code'); const gutter = root && root.querySelector('aside pre');\
    const r = pre ? pre.closest('aside').getBoundingClientRect() : null;\
    return { text: pre ? pre.textContent : null, gutter: gutter ? gutter.textContent : null,\
      box: r ? [r.x, r.y, r.width, r.height] : null, classes: document.documentElement.className };";

#[tokio::test]
async fn a_shared_link_shows_its_template_before_the_wizard_and_the_wizard_takes_over_without_moving_it() {
    use ocelot_setup::core::setup::{Setup, SetupInput};
    use ocelot_setup::core::template::Template;
    // Long enough to read the early paint before the wizard runs.
    let site = server::start_with_slow_wasm(Some(Duration::from_millis(2500)));
    let mut page = Page::new().await;
    page.use_site(&site.url());
    let mut input = SetupInput::for_fork("octocat/ocelot");
    input.table = "team-layers".into();
    // Not open_link, which waits for the wizard: the early paint comes before it.
    let query = ocelot_setup::core::setup::query::to_query_string(&input.to_query());
    page.open_root(&format!("?{query}&github=off")).await;
    let yaml = Template::tailored(&Setup::from_input(&input).expect("a valid setup")).to_yaml();

    let before = eventually("the early paint", || async {
        let now = page.run_script(PREVIEW, vec![json!(STATIC)]).await;
        if now["text"].is_string() && page.run_script(EARLY, vec![]).await == json!(true) {
            Ok(now)
        } else {
            Err(format!("not yet: {now}"))
        }
    })
    .await;
    assert_eq!(state(&page).await["mounted"], json!(false), "the early paint was read before the wizard ran");
    assert_eq!(before["text"], json!(yaml), "the early paint shows the link's template, as the CLI writes it");
    let lines = yaml.lines().count();
    assert_eq!(before["gutter"].as_str().map(|g| g.lines().count()), Some(lines), "one number a line: {before}");
    page.sees("For octocat/ocelot in us-east-1, updated as you type.").await;

    taken_over(&page).await;
    let after = page.run_script(PREVIEW, vec![json!(".wz")]).await;
    assert_eq!(after["text"], json!(yaml), "the wizard shows the same template");
    assert_eq!(before["box"], after["box"], "the preview keeps its box when the wizard takes over");
    let shifts = page.run_async_script(SHIFTS, vec![]).await;
    assert_eq!(shifts.as_f64(), Some(0.0), "no layout shift from the early paint to the wizard: {shifts}");
    page.close().await;
}

/// Each step of a shared link's first paint on a wide window, where the page is centred: the
/// header alone (painted with the HTML), then the early paint's preview, which makes the page
/// taller than the window, then the wizard. Nothing moves, not even when a scrollbar comes.
#[tokio::test]
async fn the_header_then_the_early_paint_then_the_wizard_move_nothing() {
    let site = server::start_with_slow_early(Some(Duration::from_millis(2500)), Duration::from_millis(800));
    let mut page = Page::new().await;
    page.use_site(&site.url());
    page.resize(1400, 700).await;
    page.open_root("?repo=octocat%2Focelot&github=off").await;
    let header = eventually("the header alone", || async {
        let now = state(&page).await;
        let text = now["text"].as_str().unwrap_or_default().to_string();
        if text.contains("Set up your ocelot fork") {
            Ok(text)
        } else {
            Err(format!("not yet: {now}"))
        }
    })
    .await;
    assert_eq!(page.run_script(EARLY, vec![]).await, json!(false), "the header came before the early paint");
    assert!(!header.contains("Your template"), "no preview before the early paint:\n{header}");
    eventually("the early paint", || async {
        let early = page.run_script(EARLY, vec![]).await;
        if early == json!(true) {
            Ok(())
        } else {
            Err("not yet".to_string())
        }
    })
    .await;
    page.sees("For octocat/ocelot in us-east-1, updated as you type.").await;
    assert_eq!(state(&page).await["mounted"], json!(false), "the early paint was seen before the wizard ran");
    taken_over(&page).await;
    let shifts = page.run_async_script(SHIFTS, vec![]).await;
    assert_eq!(shifts.as_f64(), Some(0.0), "no layout shift from the header to the wizard: {shifts}");
    page.resize(1280, 900).await;
    page.close().await;
}

/// The page's layout shifts so far, summed.
const SHIFTS: &str = "const done = arguments[arguments.length - 1]; let sum = 0;\
    new PerformanceObserver(list => { for (const e of list.getEntries()) sum += e.value; })\
      .observe({ type: 'layout-shift', buffered: true });\
    requestAnimationFrame(() => setTimeout(() => done(sum), 0));";

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

    taken_over(&page).await;
    let after = page.run_script(BOXES, vec![json!("#wz-repo"), json!("#wz-preview")]).await;
    assert!(before["field"].is_array() && before["preview"].is_array(), "the static copy had both: {before}");
    assert_eq!(before, after, "the fork field and the preview keep their boxes when the wizard takes over");
    let shifts = page.run_async_script(SHIFTS, vec![]).await;
    assert_eq!(shifts.as_f64(), Some(0.0), "no layout shift from the first paint to the wizard: {shifts}");
    page.close().await;
}

/// When the wizard's wasm was requested, when the first contentful paint was, how many times
/// the wizard's wasm and the early paint's (`arguments[0]` names it) were fetched, and whether
/// the head holds a preload of a wasm.
const WASM_TIMING: &str =
    "const all = performance.getEntriesByType('resource').filter(e => e.name.split('?')[0].endsWith('.wasm'));\
    const early = all.filter(e => e.name.includes(arguments[0])); const wasm = all.filter(e => !early.includes(e));\
    const paint = performance.getEntriesByName('first-contentful-paint')[0];\
    return { requested: wasm.length ? wasm[0].startTime : null, painted: paint ? paint.startTime : null,\
      early_requested: early.length ? early[0].startTime : null,\
      fetches: wasm.length, early: early.length, preload: Boolean(document.querySelector('link[rel=preload][href$=\".wasm\"]')) };";

/// The page's wasm timing ([`WASM_TIMING`]), once it has checked that the wizard's wasm was
/// asked for only after the first contentful paint (`why` says what that paint is).
async fn wasm_after_paint(page: &Page, why: &str) -> Value {
    let timing = page.run_script(WASM_TIMING, vec![json!(EARLY_BIN)]).await;
    let (requested, painted) = (timing["requested"].as_f64(), timing["painted"].as_f64());
    assert!(matches!((requested, painted), (Some(r), Some(p)) if r >= p), "{why}: {timing}");
    timing
}

#[tokio::test]
async fn the_wizards_wasm_is_fetched_after_the_first_paint_on_the_bare_page_and_a_shared_link() {
    let mut page = Page::new().await;
    page.use_site(server::site());
    page.open_root("").await;
    page.displayed("the wizard's fork field", "//input[@id='wz-repo']").await;
    let bare = wasm_after_paint(
        &page,
        "the bare page asks for its wasm only once its static paint is painted (else Lighthouse's LCP waits for the wasm)",
    )
    .await;
    assert_eq!((bare["fetches"].clone(), bare["preload"].clone()), (json!(1), json!(false)), "{bare}");

    // A shared link: the early paint's wasm first; the wizard's once that paint is painted (its
    // compiling and mounting would delay that frame, and remove the copy before it showed).
    page.open_link(&ocelot_setup::core::setup::SetupInput::for_fork("octocat/ocelot"), None, false).await;
    page.template_has("octocat/ocelot").await;
    let link =
        wasm_after_paint(&page, "a shared link asks for the wizard's wasm once the early paint is painted").await;
    assert_eq!((link["fetches"].clone(), link["preload"].clone()), (json!(1), json!(false)), "{link}");
    assert_eq!(link["early"], json!(1), "the early paint's wasm was fetched once: {link}");
    let (early, painted) = (link["early_requested"].as_f64(), link["painted"].as_f64());
    assert!(
        matches!((early, painted), (Some(e), Some(p)) if e < p),
        "beside the step (1280 px), the early paint's wasm is fetched at once, with the page: {link}"
    );

    // On a phone the preview is under the step, below the fold: no early paint; the wizard's
    // wasm still waits for the first paint (the header).
    page.resize(360, 800).await;
    page.open_link(&ocelot_setup::core::setup::SetupInput::for_fork("octocat/ocelot"), None, false).await;
    page.template_has("octocat/ocelot").await;
    let phone = wasm_after_paint(&page, "on a phone the wizard's wasm is asked for once the header is painted").await;
    assert_eq!((phone["fetches"].clone(), phone["early"].clone()), (json!(1), json!(0)), "no early paint: {phone}");
    page.resize(1280, 900).await;

    // Where the early paint has nothing to show (an embed), it is not fetched, and the wizard's
    // wasm does not wait.
    page.open_root("?embed=1&repo=octocat%2Focelot").await;
    page.displayed("the wizard's fork field", "//input[@id='wz-repo']").await;
    let embed = page.run_script(WASM_TIMING, vec![json!(EARLY_BIN)]).await;
    assert_eq!((embed["fetches"].clone(), embed["early"].clone()), (json!(1), json!(0)), "{embed}");
    page.close().await;
}
