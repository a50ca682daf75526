//! The page's side of the worker: the worker holds the fork reading, the check workflow and
//! the diagnosis (see [`crate::core::worker_protocol`]), so the page's own module is fetched, compiled and
//! painted without them. It is started once it is needed ([`start`]), never for the first
//! paint; jobs asked before it is ready wait in a queue. When it cannot load (blocked, a
//! Content-Security-Policy without it), every job gets a [`Reply::Refused`] saying so, and
//! the rest of the wizard works on.

pub mod serve;

use std::cell::RefCell;
use std::collections::BTreeMap;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

use crate::core::worker_protocol::{decode, encode, Answer, Job, Reply, Request, WORKER_BIN};

#[wasm_bindgen]
extern "C" {
    /// The URL of the page's own JS module: the worker's files sit beside it, under any
    /// sub-path and in an embed alike.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static MODULE_URL: String;
}

type OnReply = Box<dyn FnMut(Reply)>;

#[derive(Default)]
struct Client {
    worker: Option<Worker>,
    /// Whether the worker said it takes jobs.
    ready: bool,
    /// Why the worker could not load, in plain words: it is not tried again.
    failed: Option<String>,
    /// Jobs sent before the worker said it was ready: it would lose them.
    queue: Vec<String>,
    last_id: u64,
    waiting: BTreeMap<u64, OnReply>,
}

thread_local! {
    static CLIENT: RefCell<Client> = RefCell::default();
}

/// Whether the worker was started, or failed to start.
fn begun() -> bool {
    CLIENT.with_borrow(|c| c.worker.is_some() || c.failed.is_some())
}

/// Starts loading the worker, once; later calls do nothing.
pub fn start() {
    if begun() {
        return;
    }
    let loader = format!("{WORKER_BIN}_loader.js");
    let created =
        MODULE_URL.with(|base| web_sys::Url::new_with_base(&loader, base)).and_then(|url| Worker::new(&url.href()));
    let worker = match created {
        Ok(worker) => worker,
        Err(error) => {
            let why = error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default();
            return fail(&format!("the browser refused to start it ({why})"));
        }
    };
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
        match decode::<Answer>(&event.data().as_string().unwrap_or_default()) {
            Ok(answer) => receive(answer),
            Err(why) => fail(&why),
        }
    });
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(|_| fail("its files could not be loaded or run"));
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // Both live as long as the page: the worker is never replaced.
    on_message.forget();
    on_error.forget();
    CLIENT.with_borrow_mut(|c| c.worker = Some(worker));
}

/// Starts the worker once the page has painted: what it loads never delays the template. Once
/// it has begun, nothing is scheduled (the reading's effect calls this on every keystroke).
pub fn start_after_paint() {
    if !begun() {
        request_animation_frame(|| set_timeout(start, std::time::Duration::ZERO));
    }
}

/// Sends `job` and calls `on_reply` with each reply to it (several for a reading). Starts the
/// worker if it was not. Returns the job's number, for [`forget`].
pub fn ask(job: Job, on_reply: impl FnMut(Reply) + 'static) -> u64 {
    start();
    let id = CLIENT.with_borrow_mut(|c| {
        c.last_id += 1;
        c.waiting.insert(c.last_id, Box::new(on_reply));
        c.last_id
    });
    post(&encode(&Request { id, job }));
    if let Some(why) = CLIENT.with_borrow(|c| c.failed.clone()) {
        // After the caller has the number, as when the worker answers.
        set_timeout(move || refuse_all(&why), std::time::Duration::ZERO);
    }
    id
}

/// Sends `job`, which gets no reply.
pub fn tell(job: Job) {
    if CLIENT.with_borrow(|c| c.worker.is_some()) {
        post(&encode(&Request { id: 0, job }));
    }
}

/// Drops the replies still to come to job `id`.
pub fn forget(id: u64) {
    CLIENT.with_borrow_mut(|c| c.waiting.remove(&id));
}

fn post(text: &str) {
    CLIENT.with_borrow_mut(|c| match (&c.worker, c.ready) {
        (Some(worker), true) => {
            let _ = worker.post_message(&JsValue::from_str(text));
        }
        // No worker will come to take it: the job is refused instead.
        (None, _) if c.failed.is_some() => {}
        _ => c.queue.push(text.to_string()),
    });
}

fn receive(Answer { id, reply }: Answer) {
    if id == 0 {
        match reply {
            Reply::Ready => {
                let queue = CLIENT.with_borrow_mut(|c| {
                    c.ready = true;
                    std::mem::take(&mut c.queue)
                });
                queue.iter().for_each(|text| post(text));
            }
            // A worker that cannot read the page's jobs (another build) would leave them unanswered.
            Reply::Refused { why } => fail(&why),
            _ => {}
        }
        return;
    }
    // Called outside the borrow: a reply may ask the next job.
    let Some(mut on_reply) = CLIENT.with_borrow_mut(|c| c.waiting.remove(&id)) else { return };
    let last = reply.is_final();
    on_reply(reply);
    if !last {
        CLIENT.with_borrow_mut(|c| {
            c.waiting.entry(id).or_insert(on_reply);
        });
    }
}

fn fail(why: &str) {
    let why = format!(
        "The part of this page that reads your fork, writes the check workflow and explains errors did not load: {why}. \
         Everything else works: the template, the ways to deploy it, and the secrets with upstream's names."
    );
    CLIENT.with_borrow_mut(|c| {
        if let Some(worker) = c.worker.take() {
            worker.terminate();
        }
        c.queue.clear();
        c.failed = Some(why.clone());
    });
    refuse_all(&why);
}

fn refuse_all(why: &str) {
    let waiting = CLIENT.with_borrow_mut(|c| std::mem::take(&mut c.waiting));
    for (_, mut on_reply) in waiting {
        on_reply(Reply::Refused { why: why.to_string() });
    }
}
