//! The optional GitHub check: one `GET /repos/OWNER/REPO` through the browser's `fetch`, read
//! by the core.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

use crate::core::github::{read_response, repo_url, CheckError, RepoFacts};
use crate::core::setup::values::Fork;
use crate::ui::browser;

/// Asks GitHub (or the configured stand-in) about `fork`.
pub async fn check(api_base: &str, fork: &Fork) -> Result<RepoFacts, CheckError> {
    if !browser::is_online() {
        return Err(CheckError::Unreachable("the browser is offline".into()));
    }
    let response = fetch(&repo_url(api_base, fork)).await.map_err(|e| CheckError::Unreachable(message(&e)))?;
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let (remaining, reset) = (header("x-ratelimit-remaining"), header("x-ratelimit-reset"));
    let body = match response.text() {
        Ok(text) => JsFuture::from(text).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    read_response(fork, response.status(), remaining.as_deref(), reset.as_deref(), &body, browser::format_time)
}

async fn fetch(url: &str) -> Result<Response, JsValue> {
    let headers = Headers::new()?;
    headers.set("Accept", "application/vnd.github+json")?;
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init(url, &init)?;
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    JsFuture::from(window.fetch_with_request(&request)).await?.dyn_into()
}

/// What a failed `fetch` says: its error's message ("Failed to fetch"), without the details.
fn message(error: &JsValue) -> String {
    let text = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "no answer".to_string());
    text.split(':').next().unwrap_or(&text).trim().to_string()
}
