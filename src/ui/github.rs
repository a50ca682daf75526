//! The optional GitHub check: one `GET /repos/OWNER/REPO`, read by the core.

use gloo_net::http::Request;

use crate::core::github::{read_response, repo_url, CheckError, RepoFacts};
use crate::core::names::Fork;
use crate::ui::browser;

/// Asks GitHub (or the configured stand-in) about `fork`.
pub async fn check(api_base: &str, fork: &Fork) -> Result<RepoFacts, CheckError> {
    if !browser::is_online() {
        return Err(CheckError::Unreachable("the browser is offline".into()));
    }
    let response = Request::get(&repo_url(api_base, fork))
        .header("Accept", "application/vnd.github+json")
        .send()
        .await
        .map_err(|e| CheckError::Unreachable(short(&e.to_string())))?;
    let headers = response.headers();
    let remaining = headers.get("x-ratelimit-remaining");
    let reset = headers.get("x-ratelimit-reset");
    let body = response.text().await.unwrap_or_default();
    read_response(fork, response.status(), remaining.as_deref(), reset.as_deref(), &body, browser::format_time)
}

fn short(message: &str) -> String {
    message.split(':').next().unwrap_or(message).trim().to_string()
}
