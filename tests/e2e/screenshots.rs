//! Each step at a desktop and a phone size, saved to tests/screenshots/ for a person to look
//! at; the one thing checked here is that no step is wider than a phone's screen.

use std::path::{Path, PathBuf};

use ocelot_setup::core::setup::SetupInput;

use crate::chosen_options;
use crate::page::Page;

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
            let sticking_out = page.run_script(STICKING_OUT, vec![]).await;
            if let Some(elements) = sticking_out.as_array().filter(|e| !e.is_empty()) {
                too_wide.push(format!("{title} at {width}px: {elements:?}"));
            }
        }
    }
    page.close().await;
    assert!(too_wide.is_empty(), "steps wider than the window (a sideways scroll):\n{}", too_wide.join("\n"));
}
