//! The wizard embedded in a docs site, both ways the Hugo shortcode offers: inline (the
//! README's snippet, through the sub-path build's embed.js) in a theme with aggressive global
//! CSS, and in an iframe that resizes to fit.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::docs_site::{self, TEMPLATE_URL};
use crate::locked_down::console_problems;
use crate::page::{eventually, Page};
use crate::screenshots;
use crate::server::SUBPATH;

/// The computed styles compared, on both sides.
const PROPERTIES: &str = "['font-family', 'font-size', 'font-style', 'font-weight', 'color', 'background-color',\
    'border-top-style', 'border-top-width', 'border-top-color', 'border-radius', 'text-transform', 'letter-spacing',\
    'word-spacing', 'text-indent', 'text-decoration-line', 'line-height', 'display', 'list-style-type',\
    'outline-style', 'padding-top', 'white-space']";

/// The computed styles of the first element matching each selector inside `arguments[0]`
/// (a CSS selector for the root), as `{"selector property": value}`. Running transitions (a
/// button's colours after a click) are finished first, so no value is read halfway.
fn styles_script(selectors: &str) -> String {
    format!(
        "for (const a of document.getAnimations()) a.finish();\
         const root = document.querySelector(arguments[0]); if (!root) return null; const out = {{}};\
         for (const s of {selectors}) {{ const e = s === ':root' ? root : root.querySelector(s); if (!e) continue;\
           const cs = getComputedStyle(e); for (const p of {PROPERTIES}) out[s + ' ' + p] = cs.getPropertyValue(p); }}\
         return out;"
    )
}

/// The wizard's elements: generic ones and the ones a theme most often restyles.
const WIZARD: &str = "[':root', 'nav', 'h2', 'h3', 'p', 'label', 'legend', 'fieldset', 'input', 'select', 'button',\
    'a', 'pre', 'code', 'ul', 'li', '.wz-button', '.wz-field__input', '.wz-field__label', '.wz-code__pre',\
    '.wz-stepper__button', '.wz-step__title', '.wz-choice__legend']";

/// The host page's own elements.
const HOST: &str = "['.host-title', '.host-para', '.host-button', 'header a', 'main']";

async fn styles(page: &Page, root: &str, selectors: &str) -> BTreeMap<String, String> {
    let value = page.run_script(&styles_script(selectors), vec![Value::from(root)]).await;
    let map = value.as_object().unwrap_or_else(|| panic!("no element {root} on the page"));
    map.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect()
}

/// The styles that differ, as "selector property: expected ≠ actual".
fn differences(expected: &BTreeMap<String, String>, actual: &BTreeMap<String, String>) -> Vec<String> {
    let mut differ: Vec<String> = expected
        .iter()
        .filter(|(k, v)| actual.get(*k) != Some(v))
        .map(|(k, v)| format!("{k}: {v} ≠ {}", actual.get(k).map_or("(no such element)", String::as_str)))
        .collect();
    differ.extend(actual.keys().filter(|k| !expected.contains_key(*k)).map(|k| format!("{k}: only embedded")));
    differ
}

#[tokio::test]
async fn inline_in_a_docs_page_the_wizard_works_and_neither_side_restyles_the_other() {
    let page = Page::new().await;
    let dir = screenshots::dir();

    // What each side looks like alone: the docs page without the wizard, and the wizard's
    // own page (the sub-path build, compact like the embed) on the steps compared below.
    page.open_page(docs_site::PLAIN, "").await;
    page.displayed("the docs page", "//h1[normalize-space(.)='Set up your fork']").await;
    let host_alone = styles(&page, "body", HOST).await;
    page.open_embedded(SUBPATH, "compact=1").await;
    page.type_into("Your fork", "octocat/ocelot").await;
    page.template_has("Default: octocat").await;
    let wizard_alone_fork = styles(&page, ".wz", WIZARD).await;
    page.click_button("Next: AWS options").await;
    page.is_on_step(2, "AWS options").await;
    page.click_button("Next: Template and deploy").await;
    page.is_on_step(3, "Template and deploy").await;
    let wizard_alone_deploy = styles(&page, ".wz", WIZARD).await;

    page.open_embedded(docs_site::INLINE, "").await;
    let mounted = page
        .run_script(
            "return [...document.querySelectorAll('.wz')].map(w => w.parentElement.id || w.parentElement.tagName);",
            vec![],
        )
        .await;
    assert_eq!(mounted, serde_json::json!(["ocelot-setup"]), "the wizard mounts once, inside #ocelot-setup");
    page.does_not_see("Let your fork's GitHub Actions publish").await;
    page.type_into("Your fork", "octocat/ocelot").await;
    page.template_has("Default: octocat").await;
    let mut leaks = differences(&host_alone, &styles(&page, "body", HOST).await);
    leaks.extend(differences(&wizard_alone_fork, &styles(&page, ".wz", WIZARD).await));
    page.screenshot(&dir.join("embed-inline-1280.png")).await;

    page.click_button("Next: AWS options").await;
    page.is_on_step(2, "AWS options").await;
    page.click_button("Next: Template and deploy").await;
    page.is_on_step(3, "Template and deploy").await;
    page.sees("Console quick-create link").await;
    let quick_create = page.link("Open quick-create").await.attr("href").await.ok().flatten().unwrap_or_default();
    let encoded = ocelot_setup::core::setup::query::to_query_string(&[("templateURL", TEMPLATE_URL)]);
    assert!(
        quick_create.starts_with("https://") && quick_create.contains(&encoded),
        "the quick-create link carries the data-template-url ({encoded}): {quick_create}"
    );
    leaks.extend(differences(&wizard_alone_deploy, &styles(&page, ".wz", WIZARD).await));
    page.screenshot(&dir.join("embed-inline-deploy-1280.png")).await;

    page.resize(360, 800).await;
    page.go_to_step("Your fork").await;
    page.is_on_step(1, "Your fork").await;
    page.screenshot(&dir.join("embed-inline-360.png")).await;
    let console = console_problems(&page).await;
    page.close().await;
    assert!(console.is_empty(), "console errors or CSP messages with the wizard inline: {console:#?}");
    assert!(leaks.is_empty(), "styles that differ between each side alone and the embed:\n{}", leaks.join("\n"));
}

/// The iframe's height as the resize script set it (`style.height`), and as laid out.
async fn frame_height(page: &Page) -> (Option<u64>, u64) {
    let value = page
        .run_script(
            "const f = document.querySelector('iframe.ocelot-setup-frame');\
             return [f.style.height, f.getBoundingClientRect().height];",
            vec![],
        )
        .await;
    let set = value[0].as_str().and_then(|h| h.strip_suffix("px")).and_then(|h| h.parse().ok());
    (set, value[1].as_f64().unwrap_or_default().round() as u64)
}

/// Waits for the resize script to set the frame's height to other than `before`.
async fn new_height(page: &Page, before: Option<u64>) -> u64 {
    eventually("the frame to be resized to its content", || async {
        match frame_height(page).await {
            (Some(set), laid_out) if Some(set) != before && laid_out == set.max(MIN_HEIGHT) => Ok(set),
            other => Err(format!("(style.height, laid-out height) is {other:?}")),
        }
    })
    .await
}

/// Inside the frame: it is as tall as its content, nothing scrolls (waited for, as the
/// message goes to the parent after the layout).
async fn fits_its_frame(page: &Page) {
    eventually("the frame to fit its content", || async {
        let sizes = page
            .run_script(
                "const r = document.documentElement; return [r.scrollHeight, window.innerHeight, r.scrollWidth,\
                 window.innerWidth];",
                vec![],
            )
            .await;
        let (scroll_height, inner_height) = (sizes[0].as_u64().unwrap_or(0), sizes[1].as_u64().unwrap_or(0));
        if scroll_height <= inner_height + 1 {
            Ok(())
        } else {
            Err(format!("[scrollHeight, innerHeight, scrollWidth, innerWidth] = {sizes}"))
        }
    })
    .await
}

/// The shortcode's `min-height` for the frame.
const MIN_HEIGHT: u64 = 900;

#[tokio::test]
async fn in_an_iframe_the_wizard_drops_its_header_and_the_frame_fits_its_content() {
    let page = Page::new().await;
    let dir = screenshots::dir();
    page.open_page(docs_site::IFRAME, "").await;
    page.displayed("the docs page", "//h1[normalize-space(.)='Set up your fork']").await;
    page.displayed("the wizard's frame", "//iframe[@title='Set up your ocelot fork']").await;
    let first = new_height(&page, None).await;

    page.enter_frame("iframe.ocelot-setup-frame").await;
    page.wait_for_steps().await;
    let header = page.run_script("return document.querySelectorAll('h1, header').length;", vec![]).await;
    assert_eq!(header, serde_json::json!(0), "?embed=1 drops the page header");
    page.type_into("Your fork", "octocat/ocelot").await;
    page.template_has("Default: octocat").await;
    page.click_button("Next: AWS options").await;
    page.is_on_step(2, "AWS options").await;
    page.click_button("Next: Template and deploy").await;
    page.is_on_step(3, "Template and deploy").await;
    fits_its_frame(&page).await;
    page.leave_frame().await;
    let deploy = new_height(&page, Some(first)).await;
    assert!(deploy > MIN_HEIGHT, "on the deploy step the frame grows past its min-height: {deploy} px");
    page.leave_frame().await;
    page.screenshot(&dir.join("embed-iframe-1280.png")).await;

    page.resize(360, 800).await;
    page.enter_frame("iframe.ocelot-setup-frame").await;
    fits_its_frame(&page).await;
    page.leave_frame().await;
    let phone = new_height(&page, Some(deploy)).await;
    assert!(phone > deploy, "on a phone the frame is taller: {phone} px, against {deploy} px");
    page.screenshot(&dir.join("embed-iframe-360.png")).await;
    let console = console_problems(&page).await;
    page.close().await;
    assert!(console.is_empty(), "console errors or CSP messages with the wizard in a frame: {console:#?}");
}
