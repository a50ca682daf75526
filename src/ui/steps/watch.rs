//! The Verify step's "Watch the run": the fork's latest publish and check runs read from
//! GitHub's public API by the core's [`Watcher`], shown as they change, a failed job's error
//! lines explained by the diagnosis. Everything read (names, messages) is shown as text only.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::checks::diagnosis_view;
use super::wizard;
use crate::core::checks::diagnose::Diagnosis;
use crate::core::github::runs::{Job, Progress, Run};
use crate::core::github::watch::{
    Next, WatchEnd, Watched, Watcher, WorkflowRole, WorkflowState, HOURLY_LIMIT, POLL_INTERVAL_MS, RESERVE,
    WATCH_LIMIT_MS,
};
use crate::core::guide::watching::{gh_pipe, green_run_check};
use crate::core::setup::choices::Choice;
use crate::core::setup::values::Fork;
use crate::core::setup::Setup;
use crate::core::worker_protocol::{Job as WorkerJob, LogText, Reply};
use crate::ui::browser;
use crate::ui::components::{CodeBlock, Language};
use crate::ui::github::send;
use crate::ui::worker;

fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// A watch in the page: the core's watcher, the timer that wakes it, and a generation that
/// drops answers and timers of a watch stopped or replaced meanwhile.
#[derive(Clone, Copy)]
struct Watch {
    watcher: RwSignal<Option<Watcher>>,
    timer: StoredValue<Option<TimeoutHandle>>,
    generation: StoredValue<u32>,
}

impl Watch {
    fn start(self, api: &str, fork: Fork, publish: &str, interval: Option<u64>) {
        self.cancel();
        let mut watcher = Watcher::new(api, fork, publish, now());
        if let Some(ms) = interval {
            watcher = watcher.with_interval(ms);
        }
        if !browser::is_online() {
            watcher.unreachable("the browser is offline");
        }
        self.watcher.set(Some(watcher));
        self.tick(self.generation.get_value());
    }

    fn tick(self, generation: u32) {
        if self.generation.try_get_value() != Some(generation) {
            return;
        }
        let next = self.watcher.try_update(|w| w.as_mut().map(|w| w.poll(now()))).flatten();
        match next {
            Some(Next::Ask(request)) => spawn_local(async move {
                let result = send(&request.url, request.accept()).await;
                if self.generation.try_get_value() != Some(generation) {
                    return;
                }
                self.watcher.update(|w| {
                    if let Some(w) = w {
                        match result {
                            Ok(answer) => w.answer(&answer, browser::format_time),
                            Err(message) => w.no_answer(&message),
                        }
                    }
                });
                self.tick(generation);
            }),
            Some(Next::WaitUntil(at)) => {
                let delay = Duration::from_millis(at.saturating_sub(now()));
                if let Ok(handle) = set_timeout_with_handle(move || self.tick(generation), delay) {
                    self.timer.set_value(Some(handle));
                }
            }
            Some(Next::Done) | None => {}
        }
    }

    /// The person's stop: no more requests, the watcher says it stopped.
    fn stop(self) {
        self.cancel();
        self.watcher.update(|w| {
            if let Some(w) = w {
                w.stop_now();
            }
        });
    }

    /// Drops the pending timer and any answer still on its way.
    fn cancel(self) {
        self.generation.try_update_value(|g| *g += 1);
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    }
}

/// Watch the fork's latest runs, or (reading turned off) the GitHub CLI pipe instead.
#[component]
pub fn WatchSection(
    /// The valid setup the runs are explained for.
    setup: Setup,
) -> impl IntoView {
    let wizard = wizard();
    let config = wizard.config.get_value();
    // The fork's publish workflow when its workflows were read, else upstream's ci.yml.
    let publish = wizard.publish.get_untracked().file;
    let pipe = gh_pipe(&setup, None, &publish);
    // The reading switch of step 1 turns the watching off too.
    if !wizard.reading.get_untracked() {
        return reading_off(pipe).into_any();
    }
    let watch = Watch { watcher: RwSignal::new(None), timer: StoredValue::new(None), generation: StoredValue::new(0) };
    on_cleanup(move || watch.cancel());
    let fork = setup.fork.clone();
    let api = config.github_api.clone();
    let interval = config.github_poll_ms;
    let publish_file = publish.clone();
    let active = Memo::new(move |_| watch.watcher.with(|w| w.as_ref().is_some_and(|w| w.end.is_none())));
    // One button whose label and action follow the watch, so keyboard focus stays on it.
    let toggle = move |_| match active.get_untracked() {
        true => watch.stop(),
        false => watch.start(&api, fork.clone(), &publish_file, interval),
    };
    let status = watch_status(watch, pipe);
    let runs = move || {
        watch.watcher.with(|w| {
            w.as_ref().map(|w| {
                let watching = w.end.is_none();
                w.workflows.iter().map(|watched| workflow_view(&setup, w.fork(), watched, watching)).collect_view()
            })
        })
    };
    view! {
        <section class="wz-way" aria-labelledby="wz-watch-title">
            <h3 class="wz-h3" id="wz-watch-title">"Watch the run"</h3>
            <p>
                {format!(
                    "Reads the latest run of the publish workflow ({publish}) and of the check workflow from GitHub, without signing in: their jobs, steps and error lines, explained for this setup. While a run is going it reads again at most every {} s, for up to {} minutes, and keeps {RESERVE} of the {HOURLY_LIMIT} requests GitHub allows an hour.",
                    POLL_INTERVAL_MS / 1000,
                    WATCH_LIMIT_MS / 60_000
                )}
            </p>
            <div class="wz-row">
                <button type="button" class="wz-button" on:click=toggle>
                    {move || if active.get() { "Stop watching" } else { "Watch the run" }}
                </button>
            </div>
            {move || {
                watch.watcher.with(|w| w.as_ref().map(|w| view! { <p class="wz-muted">{w.summary()}</p> }))
            }}
            // Only how the watch ended is announced: the count of requests changes at every read.
            <div aria-live="polite">{status}</div>
            {runs}
        </section>
    }
    .into_any()
}

/// With reading off: the GitHub CLI pipe that reads the latest publish run and explains it.
fn reading_off(pipe: String) -> impl IntoView {
    view! {
        <section class="wz-way" aria-labelledby="wz-watch-title">
            <h3 class="wz-h3" id="wz-watch-title">"Watch the run"</h3>
            <p>"Reading from GitHub is off (see step 1), so the wizard does not watch the run. Read the failed steps of the latest publish run with the GitHub CLI, and let ocelot-setup explain them:"</p>
            <CodeBlock caption="Read the run with gh" text=pipe language=Language::Shell />
        </section>
    }
}

/// How the watch ended, and for a private fork the GitHub CLI pipe instead.
fn watch_status(watch: Watch, pipe: String) -> impl Fn() -> Option<AnyView> {
    move || {
        watch.watcher.with(|w| {
            w.as_ref().map(|w| {
                let end = w.end.as_ref().map(WatchEnd::describe);
                let private = (w.end == Some(WatchEnd::Private)).then(|| {
                    view! { <CodeBlock caption="Read the run with gh" text=pipe.clone() language=Language::Shell /> }
                });
                view! {
                    {end.map(|text| view! { <p class="wz-callout">{text}</p> })}
                    {private}
                }
                .into_any()
            })
        })
    }
}

/// A run, job or step's state: the word, and a class that colours it.
fn state(progress: Progress) -> impl IntoView {
    view! { <span class=format!("wz-state wz-state--{progress}")>{progress.as_str()}</span> }
}

/// A workflow's latest run; nothing for a workflow not read when the watch has stopped.
fn workflow_view(setup: &Setup, fork: &Fork, watched: &Watched, watching: bool) -> Option<AnyView> {
    let body = match (watched.state, watched.role, &watched.run) {
        (WorkflowState::NotRead, ..) if !watching => return None,
        (WorkflowState::NotRead, ..) => view! { <p class="wz-muted">"Reading…"</p> }.into_any(),
        (WorkflowState::NoFile, WorkflowRole::Publish, _) => view! {
            <p>{format!("GitHub finds no {} in the fork: check the workflow's file name on the fork's Actions tab.", watched.file)}</p>
        }
        .into_any(),
        (WorkflowState::NoFile, WorkflowRole::Check, _) => view! {
            <p>{format!("{} is not in the fork yet: add it with \"Check it from the fork\" below, run it, then watch again.", watched.file)}</p>
        }
        .into_any(),
        (WorkflowState::NoRuns, ..) | (WorkflowState::Read, _, None) => {
            view! { <p>"It has not run yet: start it, then watch again."</p> }.into_any()
        }
        (WorkflowState::Read, _, Some(run)) => run_view(setup, fork, watched, run, watching),
    };
    Some(
        view! {
            <article class="wz-run">
                <h4 class="wz-h4">{watched.title()}</h4>
                {body}
            </article>
        }
        .into_any(),
    )
}

fn run_view(setup: &Setup, fork: &Fork, watched: &Watched, run: &Run, watching: bool) -> AnyView {
    let progress = run.progress();
    let what = format!("{}: ", run.summary());
    let jobs = watched.jobs.iter().map(|job| job_view(setup, fork, watched, run.id, job, watching)).collect_view();
    let green = (watched.role == WorkflowRole::Publish && progress == Progress::Passed).then(|| {
        let check = green_run_check(setup);
        view! {
            <div class="wz-callout wz-callout--ok">
                <p><strong>"Passed. "</strong>{check.why}</p>
                <CodeBlock caption="Count the table's records" text=check.command language=Language::Shell />
            </div>
        }
    });
    view! {
        <p>{what}{state(progress)}" "<a href=run.link(fork) target="_blank" rel="noopener noreferrer">{format!("Run {} on GitHub", run.run_number)}</a></p>
        <ul class="wz-run__jobs">{jobs}</ul>
        {green}
    }
    .into_any()
}

fn job_view(setup: &Setup, fork: &Fork, watched: &Watched, run_id: u64, job: &Job, watching: bool) -> impl IntoView {
    let steps =
        job.steps.iter().map(|step| view! { <li>{step.name.clone()}" "{state(step.progress())}</li> }).collect_view();
    let failure = (job.progress() == Progress::Failed).then(|| failure_view(setup, watched, run_id, job, watching));
    view! {
        <li class="wz-run__job">
            <p>
                <a href=job.link(fork, run_id) target="_blank" rel="noopener noreferrer">{job.name.clone()}</a>
                " "{state(job.progress())}
            </p>
            <ol class="wz-run__steps">{steps}</ol>
            {failure}
        </li>
    }
}

fn failure_view(setup: &Setup, watched: &Watched, run_id: u64, job: &Job, watching: bool) -> AnyView {
    let at = match job.failed_step() {
        Some(step) => format!("It failed at the step \"{}\".", step.name),
        None => "It failed before any step.".to_string(),
    };
    let detail = match &job.annotations {
        None if watching => view! { <p class="wz-muted">"Reading its error lines…"</p> }.into_any(),
        None => view! { <p>"Its error lines were not read."</p> }.into_any(),
        Some(_) if job.failure_text().is_empty() => view! {
            <p>"GitHub gave no error lines for this job. Read its log with the GitHub CLI, and let ocelot-setup explain it:"</p>
            <CodeBlock caption="Read the failed steps with gh" text=gh_pipe(setup, Some(run_id), &watched.file) language=Language::Shell />
        }
        .into_any(),
        Some(list) => {
            let lines = list
                .iter()
                .filter(|a| matches!(a.annotation_level.as_str(), "failure" | ""))
                .map(|a| a.message.clone())
                .collect();
            let step = job.failed_step().map_or("", |s| s.name.as_str()).to_string();
            let log = LogText::Step { job: job.name.clone(), step, messages: job.failure_text() };
            view! { <FailureLines lines=lines log=log /> }.into_any()
        }
    };
    view! {
        <div class="wz-run__failure">
            <p><strong>{at}</strong></p>
            {detail}
        </div>
    }
    .into_any()
}

/// A failed job's error lines and what they mean, from the worker's diagnosis: recognised
/// lines are quoted by it (the lines themselves fold away), the rest are shown as they came.
#[component]
fn FailureLines(
    /// GitHub's error lines.
    lines: Vec<String>,
    /// The same, with the job and step, for the diagnosis.
    log: LogText,
) -> impl IntoView {
    let diagnosis = RwSignal::new(None::<Result<Diagnosis, String>>);
    let input = wizard().input.get_untracked();
    let id = worker::ask(WorkerJob::Diagnose { input, log }, move |reply| match reply {
        Reply::Diagnosis { diagnosis: answer } => diagnosis.set(Some(answer)),
        Reply::Refused { why } => diagnosis.set(Some(Err(why))),
        _ => {}
    });
    on_cleanup(move || worker::forget(id));
    move || {
        let items = lines.iter().map(|l| view! { <li><code>{l.clone()}</code></li> }).collect_view();
        let shown = |items| view! { <p>"GitHub's error lines:"</p> <ul class="wz-list">{items}</ul> };
        match diagnosis.get() {
            Some(Ok(d @ Diagnosis::Recognised { .. })) => view! {
                <details class="wz-details">
                    <summary>"GitHub's error lines"</summary>
                    <ul class="wz-list">{items}</ul>
                </details>
                {diagnosis_view(d)}
            }
            .into_any(),
            Some(Ok(d)) => view! { {shown(items)} {diagnosis_view(d)} }.into_any(),
            Some(Err(why)) => view! { {shown(items)} <p class="wz-callout wz-callout--warning">{why}</p> }.into_any(),
            None => view! { {shown(items)} <p class="wz-muted">"Reading what they mean…"</p> }.into_any(),
        }
    }
}
