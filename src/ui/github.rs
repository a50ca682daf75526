//! The optional GitHub reading: performs the requests the core's [`Reader`] (and the run
//! watcher) ask for, through gloo-net, and hands each answer back. All decisions are the core's.

use gloo_net::http::Request;

use crate::core::github::contents::{Answer, Reader};
use crate::core::setup::query::parse_query_string;
use crate::core::setup::values::Fork;
use crate::ui::browser;

/// Reads `fork` from GitHub (or the configured stand-in): the repository, then its workflows.
/// `progress` sees the reader after each answer, and stops the reading by returning false.
pub async fn read(api_base: &str, fork: Fork, progress: impl Fn(&Reader) -> bool) -> Reader {
    let mut reader = Reader::new(api_base, fork);
    if !browser::is_online() {
        reader.unreachable("the browser is offline");
    }
    while let Some(request) = reader.next_request() {
        match send(&request.url, request.accept()).await {
            Ok(answer) => reader.answer(&answer, browser::format_time),
            Err(message) => reader.no_answer(&message),
        }
        if !progress(&reader) {
            break;
        }
    }
    reader
}

/// Makes one GET request and reads its answer; `Err` with a short message when none came.
pub(crate) async fn send(url: &str, accept: &str) -> Result<Answer, String> {
    // gloo-net 0.6 appends its own query to the URL's with a `&` even when it has none: the
    // query goes through it instead, the URL sent then being exactly the core's.
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let pairs = parse_query_string(query);
    let request = Request::get(path).query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let response = request.header("Accept", accept).send().await.map_err(message)?;
    let headers = response.headers();
    // A body cut off on the way is a failed request, not an empty file.
    let body = response.text().await.map_err(message)?;
    Ok(Answer {
        status: response.status(),
        remaining: headers.get("x-ratelimit-remaining"),
        reset: headers.get("x-ratelimit-reset"),
        body,
    })
}

/// What a failed request says ("Failed to fetch"), without the details.
fn message(error: gloo_net::Error) -> String {
    let text = match error {
        gloo_net::Error::JsError(e) => e.message,
        other => other.to_string(),
    };
    text.split(':').next().unwrap_or(&text).trim().to_string()
}
