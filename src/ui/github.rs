//! The optional GitHub reading: performs the requests the core's [`Reader`] (and the run
//! watcher) ask for, through gloo-net, and hands each answer back. All decisions are the core's.

use gloo_net::http::Request;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::core::github::contents::{Answer, Reader};
use crate::core::setup::query::parse_query_string;
use crate::core::setup::values::Fork;
use crate::ui::browser;
use crate::ui::state::{CheckState, Wizard, READ_DELAY};

/// Reads the fork once it is typed: when the fork is valid, the reading on and not yet done for
/// this fork, and typing has paused for [`READ_DELAY`]. A link that names a fork is read too:
/// reading only asks GitHub's public API, and the person sees what was read before deploying.
pub fn read_when_typed(wizard: Wizard) {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let fork = wizard.input.with(|i| Fork::parse(&i.fork).ok());
        let idle = matches!(wizard.check.get(), CheckState::Idle);
        let on = wizard.reading.get();
        if let Some(timer) = pending.try_update_value(Option::take).flatten() {
            timer.clear();
        }
        if let (Some(fork), true, true) = (fork, idle, on) {
            let still = move || wizard.input.with_untracked(|i| Fork::parse(&i.fork).ok()) == Some(fork.clone());
            let read = move || {
                if still() && matches!(wizard.check.get_untracked(), CheckState::Idle) {
                    start_reading(wizard);
                }
            };
            if let Ok(timer) = set_timeout_with_handle(read, READ_DELAY) {
                pending.set_value(Some(timer));
            }
        }
    });
}

/// Reads the fork from GitHub now, and applies what was read to the input as it is then.
pub fn start_reading(wizard: Wizard) {
    let Ok(fork) = wizard.input.with_untracked(|i| Fork::parse(&i.fork)) else {
        wizard.attempted.set(true);
        return;
    };
    wizard.check.set(CheckState::Checking(0));
    let api = wizard.config.with_value(|c| c.github_api.clone());
    // A fork changed while GitHub answers makes the check `Idle`: the reading stops, and its
    // result, about another repository, is dropped.
    let current = move || matches!(wizard.check.get_untracked(), CheckState::Checking(_));
    spawn_local(async move {
        let reader = read(&api, fork, move |r| {
            let going = current();
            if going {
                wizard.check.set(CheckState::Checking(r.requests));
            }
            going
        })
        .await;
        if !current() {
            return;
        }
        // Applied to the input as it is now: what was typed during the reading stays.
        match wizard.input.with_untracked(|i| reader.outcome(i)) {
            Ok(outcome) => {
                wizard.input.set(outcome.followed.input.clone());
                wizard.check.set(CheckState::Found(Box::new(outcome)));
            }
            Err(error) => wizard.check.set(CheckState::Failed(error.to_string())),
        }
    });
}

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
