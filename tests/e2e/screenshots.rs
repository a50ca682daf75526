//! Each step at a desktop and a phone size, saved to tests/screenshots/ for a person to look
//! at; checked here: no step is wider than a phone's screen, and no field, button or code
//! block reaches out of the box that holds it.

use std::path::{Path, PathBuf};

use ocelot_setup::core::setup::SetupInput;

use crate::page::Page;
use crate::{chosen_options, github_stub};

const STEPS: [(&str, &str); 5] = [
    ("fork", "Your fork"),
    ("options", "AWS options"),
    ("deploy", "Template and deploy"),
    ("secrets", "GitHub secrets"),
    ("verify", "Verify"),
];

/// Where screenshots go (git ignores the PNGs), created on first use.
pub fn dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/screenshots");
    std::fs::create_dir_all(&dir).expect("create tests/screenshots");
    dir
}

/// The innermost elements that reach past the window's right edge, when the page scrolls sideways.
const STICKING_OUT: &str = "if (document.documentElement.scrollWidth <= window.innerWidth) return [];\
    return [...document.querySelectorAll('body *')]\
      .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)\
      .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))\
      .filter(e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)\
        if (getComputedStyle(a).overflowX !== 'visible') return false; return true; })\
      .slice(0, 5)\
      .map(e => e.tagName.toLowerCase() + '.' + e.className + ' ('\
        + Math.round(e.getBoundingClientRect().right) + ' px): ' + e.textContent.trim().slice(0, 60));";

/// Controls and blocks wider than the box around them (an input at 100% plus its padding in a
/// content-box <details>, say), where that box does not scroll.
const OUT_OF_THEIR_BOX: &str = "return [...document.querySelectorAll('.wz input, .wz select, .wz button, .wz pre, .wz figure, .wz .wz-field, .wz details')]\
      .filter(e => e.getClientRects().length > 0 && e.parentElement)\
      .filter(e => getComputedStyle(e.parentElement).overflowX === 'visible')\
      .filter(e => { const r = e.getBoundingClientRect(), p = e.parentElement.getBoundingClientRect();\
        return r.width > 1 && (r.right > p.right + 1 || r.left < p.left - 1); })\
      .slice(0, 5)\
      .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className + ' ('\
        + Math.round(e.getBoundingClientRect().right) + ' px, its box ends at '\
        + Math.round(e.parentElement.getBoundingClientRect().right) + ')');";

#[tokio::test]
async fn every_step_is_photographed_at_desktop_and_phone_sizes() {
    let page = Page::new().await;
    let dir = dir();
    let complete = SetupInput { account_id: "123456789012".into(), ..chosen_options() };
    let mut too_wide = Vec::new();
    for (width, height) in [(1280, 900), (360, 800)] {
        page.resize(width, height).await;
        for (number, (key, title)) in STEPS.into_iter().enumerate() {
            page.open_with(&complete, (number > 0).then_some(key)).await;
            page.is_on_step(number + 1, title).await;
            page.screenshot(&dir.join(format!("{key}-{width}.png"))).await;
            too_wide.extend(layout_problems(&page, &format!("{title} at {width}px")).await);
        }
    }
    page.close().await;
    assert!(
        too_wide.is_empty(),
        "steps wider than the window, or parts wider than their box:\n{}",
        too_wide.join("\n")
    );
}

/// What sticks out of the window or out of its box, as `what` shows it.
pub async fn layout_problems(page: &Page, what: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let sticking_out = page.run_script(STICKING_OUT, vec![]).await;
    if let Some(elements) = sticking_out.as_array().filter(|e| !e.is_empty()) {
        problems.push(format!("{what}: {elements:?}"));
    }
    let out_of_box = page.run_script(OUT_OF_THEIR_BOX, vec![]).await;
    if let Some(elements) = out_of_box.as_array().filter(|e| !e.is_empty()) {
        problems.push(format!("{what}, out of their box: {elements:?}"));
    }
    problems
}

#[tokio::test]
async fn the_workflows_read_by_the_check_are_photographed() {
    let page = Page::with_github(github_stub::with_workflows()).await;
    let mut too_wide = Vec::new();
    for (width, height) in [(1280, 1800), (360, 1400)] {
        page.resize(width, height).await;
        page.open_as_new_user().await;
        page.type_into("Your fork", "octocat/ocelot").await;
        page.sees("Read 3 of 3 workflow files").await;
        // What the check found, at the top of the window.
        page.run_script("document.querySelector('.wz-followed').scrollIntoView();", vec![]).await;
        page.screenshot(&dir().join(format!("fork-checked-{width}.png"))).await;
        too_wide.extend(layout_problems(&page, &format!("the check at {width}px")).await);
    }
    page.close().await;
    assert!(too_wide.is_empty(), "parts wider than the window or their box:\n{}", too_wide.join("\n"));
}
