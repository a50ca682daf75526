//! The worker's side: takes the page's jobs, does them with the core, and posts the replies.
//! It runs in a Web Worker (no window, no DOM): GitHub is read with `fetch`, as on the page.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::core::github::contents::Reader;
use crate::core::setup::values::Fork;
use crate::core::setup::SetupInput;
use crate::core::worker_protocol::{check_file, decode, diagnosis, encode, Answer, Job, Reply, Request};
use crate::ui::browser::format_time;
use crate::ui::github::send;

thread_local! {
    /// The number of the reading that may go on; any other stops at its next request.
    static READING: Cell<u64> = const { Cell::new(0) };
    /// The last reading that finished, followed again when the input changed during it.
    static LAST: RefCell<Option<Reader>> = const { RefCell::new(None) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(id: u64, reply: Reply) {
    let _ = scope().post_message(&JsValue::from_str(&encode(&Answer { id, reply })));
}

/// Takes jobs from the page until the worker is closed, and says it is ready.
pub fn serve() {
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
        let text = event.data().as_string().unwrap_or_default();
        match decode::<Request>(&text) {
            Ok(request) => take(request),
            Err(why) => post(0, Reply::Refused { why }),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(0, Reply::Ready);
}

fn take(Request { id, job }: Request) {
    match job {
        Job::Read { api, fork, input, online } => {
            READING.set(id);
            spawn_local(read(id, api, fork, input, online));
        }
        Job::Follow { input } => post(id, follow(&input)),
        Job::Stop => READING.set(0),
        Job::CheckWorkflow { input } => post(id, Reply::CheckWorkflow { check: check_file(&input) }),
        Job::Diagnose { input, log } => post(id, Reply::Diagnosis { diagnosis: diagnosis(&input, &log) }),
    }
}

/// Reads `fork`, saying after each answer how many came, unless a later job stopped it.
async fn read(id: u64, api: String, fork: Fork, input: SetupInput, online: bool) {
    let mut reader = Reader::new(&api, fork);
    if !online {
        reader.unreachable("the browser is offline");
    }
    while let Some(request) = reader.next_request() {
        match send(&request.url, request.accept()).await {
            Ok(answer) => reader.answer(&answer, format_time),
            Err(message) => reader.no_answer(&message),
        }
        if READING.get() != id {
            return;
        }
        post(id, Reply::Progress { requests: reader.requests });
    }
    LAST.set(Some(reader));
    post(id, follow(&input));
}

fn follow(input: &SetupInput) -> Reply {
    let outcome = LAST.with_borrow(|last| match last {
        Some(reader) => reader.outcome(input).map(Box::new).map_err(|e| e.to_string()),
        None => Err("no reading has finished yet".to_string()),
    });
    Reply::Outcome { outcome }
}
