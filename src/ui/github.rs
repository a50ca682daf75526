//! The optional GitHub reading: the page asks its worker to read the fork (the core's
//! `Reader`, whose requests [`send`] makes there) and shows the progress; the run watcher
//! sends its own requests here. All decisions are the core's.

use gloo_net::http::Request;
use leptos::prelude::*;

use std::cell::Cell;
use std::rc::Rc;

use crate::core::github::contents::Answer;
use crate::core::setup::query::parse_query_string;
use crate::core::setup::values::Fork;
use crate::core::worker_protocol::{Job, Reply};
use crate::ui::state::{ReadState, Wizard, READ_DELAY};
use crate::ui::{browser, worker};

/// Reads the fork once it is typed: when the fork is valid, the reading on and not yet done for
/// this fork, and typing has paused for [`READ_DELAY`]. A link that names a fork is read too:
/// reading only asks GitHub's public API, and the person sees what was read before deploying.
pub fn read_when_typed(wizard: Wizard) {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let fork = wizard.input.with(|i| Fork::parse(&i.fork).ok());
        let idle = matches!(wizard.read.get(), ReadState::Idle);
        let on = wizard.reading.get();
        if let Some(timer) = pending.try_update_value(Option::take).flatten() {
            timer.clear();
        }
        if fork.is_some() && on {
            worker::start_after_paint();
        }
        if let (Some(fork), true, true) = (fork, idle, on) {
            let still = move || wizard.input.with_untracked(|i| Fork::parse(&i.fork).ok()) == Some(fork.clone());
            let read = move || {
                if still() && matches!(wizard.read.get_untracked(), ReadState::Idle) {
                    start_reading(wizard);
                }
            };
            if let Ok(timer) = set_timeout_with_handle(read, READ_DELAY) {
                pending.set_value(Some(timer));
            }
        }
    });
}

thread_local! {
    /// The number of the worker's job whose replies count: a later reading drops the replies
    /// of an earlier one.
    static ACTIVE: Cell<u64> = const { Cell::new(0) };
}

/// Reads the fork from GitHub now, in the worker, and applies what was read to the input as
/// it is then.
pub fn start_reading(wizard: Wizard) {
    let Ok(fork) = wizard.input.with_untracked(|i| Fork::parse(&i.fork)) else {
        wizard.attempted.set(true);
        return;
    };
    wizard.read.set(ReadState::Reading(0));
    let api = wizard.config.with_value(|c| c.github_api.clone());
    let input = wizard.input.get_untracked();
    let job = Job::Read { api, fork, input: input.clone(), online: browser::is_online() };
    let mine = Rc::new(Cell::new(0));
    let id = worker::ask(job, {
        let mine = mine.clone();
        move |reply| match reply {
            _ if !current(wizard, mine.get()) => {}
            Reply::Progress { requests } => wizard.read.set(ReadState::Reading(requests)),
            // What was typed during the reading stays: the reading is followed again for it.
            Reply::Outcome { .. } if wizard.input.with_untracked(|now| *now != input) => follow(wizard),
            reply => apply(wizard, reply),
        }
    });
    mine.set(id);
    ACTIVE.set(id);
}

/// Whether the replies to job `id` still count: it is the latest, and the fork has not changed
/// since (which makes the reading `Idle`: the worker stops reading, and drops what it read).
fn current(wizard: Wizard, id: u64) -> bool {
    let checking = matches!(wizard.read.get_untracked(), ReadState::Reading(_));
    let latest = ACTIVE.get() == id;
    if !checking || !latest {
        if latest {
            worker::tell(Job::Stop);
        }
        worker::forget(id);
    }
    checking && latest
}

/// Follows the finished reading again for the input as it is now.
fn follow(wizard: Wizard) {
    let input = wizard.input.get_untracked();
    let mine = Rc::new(Cell::new(0));
    let id = worker::ask(Job::Follow { input }, {
        let mine = mine.clone();
        move |reply| {
            if current(wizard, mine.get()) {
                apply(wizard, reply);
            }
        }
    });
    mine.set(id);
    ACTIVE.set(id);
}

/// Applies the worker's last reply to a reading: the outcome, or why there is none.
fn apply(wizard: Wizard, reply: Reply) {
    match reply {
        Reply::Outcome { outcome: Ok(outcome) } => {
            wizard.input.set(outcome.followed.input.clone());
            wizard.read.set(ReadState::Found(outcome));
        }
        Reply::Outcome { outcome: Err(why) } | Reply::Refused { why } => wizard.read.set(ReadState::Failed(why)),
        _ => {}
    }
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
