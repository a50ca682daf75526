//! The wizard as a person meets it: a page object whose helpers are split into what a person
//! does ([`act`]), what they look for ([`find`]) and what they expect to see ([`check`]).
//! Elements are found by their visible label, text or accessible name and role, never by
//! class names.

mod act;
mod check;
mod find;

use std::fmt::Display;
use std::future::Future;
use std::time::{Duration, Instant};

use fantoccini::Client;

use crate::browser::{Browser, ColorScheme};
use crate::{github_stub, server};

/// How long anything may take to appear: the machine is slow.
const PATIENCE: Duration = Duration::from_secs(10);

/// The wizard in a browser.
pub struct Page {
    browser: Browser,
    github_api: String,
    site: String,
}

impl Page {
    /// A fresh browser whose wizard asks the recorded GitHub stub.
    pub async fn new() -> Page {
        Page::with_github(github_stub::recorded()).await
    }

    /// A fresh browser in dark mode whose wizard asks the recorded GitHub stub.
    pub async fn new_dark() -> Page {
        let browser = Browser::start(ColorScheme::Dark).await;
        Page { browser, github_api: github_stub::recorded().to_string(), site: server::site().to_string() }
    }

    /// A fresh browser whose wizard asks the GitHub API at `github_api`.
    pub async fn with_github(github_api: &str) -> Page {
        let browser = Browser::start(ColorScheme::Light).await;
        Page { browser, github_api: github_api.to_string(), site: server::site().to_string() }
    }

    /// Points the next [`Page::open`] at another GitHub API.
    pub fn use_github(&mut self, github_api: &str) {
        self.github_api = github_api.to_string();
    }

    /// Points the next [`Page::open`] at another site (base URL).
    pub fn use_site(&mut self, site: &str) {
        self.site = site.to_string();
    }

    fn client(&self) -> &Client {
        &self.browser.client
    }

    /// The wizard with `query`; the fork is read from GitHub only when `reading`.
    fn url(&self, query: &str, reading: bool) -> String {
        self.url_with("/", query, reading)
    }

    /// `path` on the site, with `query`, the reading off and the GitHub API to ask.
    fn url_of(&self, path: &str, query: &str) -> String {
        self.url_with(path, query, false)
    }

    /// `path` on the site, with `query`, `github=off` unless `reading`, and the GitHub API to
    /// ask (a docs page passes its query on to its iframe).
    fn url_with(&self, path: &str, query: &str, reading: bool) -> String {
        let github = ocelot_setup::core::setup::query::to_query_string(&[("github_api", self.github_api.as_str())]);
        let off = if reading { "" } else { "github=off" };
        let query = [query, off, github.as_str()].into_iter().filter(|q| !q.is_empty()).collect::<Vec<_>>().join("&");
        format!("{}{path}?{query}", self.site)
    }

    /// Ends the browser session.
    pub async fn close(self) {
        self.browser.close().await;
    }
}

/// Retries `attempt` until it gives a value or [`PATIENCE`] runs out, then fails naming
/// `what` and the last reason.
pub async fn eventually<T, F, Fut>(what: impl Display, mut attempt: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let deadline = Instant::now() + PATIENCE;
    loop {
        match attempt().await {
            Ok(value) => return value,
            Err(reason) if Instant::now() >= deadline => {
                panic!("waited {} s for {what}: {reason}", PATIENCE.as_secs())
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// `text` as an XPath string literal, whatever quotes it holds.
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        return format!("'{text}'");
    }
    if !text.contains('"') {
        return format!("\"{text}\"");
    }
    let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
    format!("concat({})", parts.join(", \"'\", "))
}
