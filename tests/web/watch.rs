//! Step 5's "Watch the run" before any reading: idle, turned off, and GitHub out of reach.

use ocelot_setup::ui::Config;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{pause, Page};

const VERIFY: &str = "?repo=octocat/ocelot&step=verify";

#[wasm_bindgen_test]
async fn the_watch_waits_for_the_button() {
    // Reading on, against an address where nothing listens: nothing reaches the internet.
    let page = Page::open_configured(VERIFY, || {
        let mut config = Config::default();
        config.github_api = "http://127.0.0.1:9".into();
        config
    })
    .await;
    let section = page.text("section[aria-labelledby='wz-watch-title']");
    assert!(section.contains("at most every 15 s, for up to 15 minutes, and keeps 5 of the 60 requests"), "{section}");
    assert_eq!(page.find_all("section[aria-labelledby='wz-watch-title'] button").len(), 1);
    assert!(page.try_find(".wz-run").is_none(), "nothing read before the button");
}

#[wasm_bindgen_test]
async fn reading_turned_off_by_the_url_gives_the_gh_pipe() {
    let page = Page::open_configured(&format!("{VERIFY}&github=off"), || Config::read(None)).await;
    let section = page.text("section[aria-labelledby='wz-watch-title']");
    assert!(section.contains("Reading from GitHub is off (see step 1)"), "{section}");
    let pipe = page.code("Read the run with gh");
    assert!(pipe.contains("--log-failed -R octocat/ocelot | ocelot-setup diagnose --repo octocat/ocelot"), "{pipe}");
    let buttons = page.find_all("section[aria-labelledby='wz-watch-title'] button");
    let names: Vec<String> = buttons.iter().filter_map(|b| b.text_content()).collect();
    assert_eq!(names, ["Copy"], "no button to watch");
}

#[wasm_bindgen_test]
async fn the_poll_interval_is_taken_only_beside_a_loopback_api() {
    let page = Page::open_configured(&format!("{VERIFY}&github_poll_ms=5"), || Config::read(None)).await;
    assert_eq!(Config::read(None).github_poll_ms, None);
    drop(page);
    let query = format!("{VERIFY}&github_api=http%3A%2F%2F127.0.0.1%3A9&github_poll_ms=5");
    let page = Page::open_configured(&query, || Config::read(None)).await;
    let config = Config::read(None);
    assert_eq!((config.github_poll_ms, config.github_reading), (Some(5), true));
    drop(page);
}

#[wasm_bindgen_test]
async fn github_out_of_reach_stops_the_watch_and_says_why() {
    let config = || {
        let mut config = Config::default();
        config.github_api = "http://127.0.0.1:9".into();
        config
    };
    let page = Page::open_configured(VERIFY, config).await;
    page.click_button("Watch the run").await;
    for _ in 0..50 {
        if page.page_text().contains("could not be reached") {
            break;
        }
        pause(std::time::Duration::from_millis(100)).await;
    }
    let section = page.text("section[aria-labelledby='wz-watch-title']");
    assert!(section.contains("Watching stopped: GitHub could not be reached"), "{section}");
    assert!(section.contains("1 request to the GitHub API."), "{section}");
}
