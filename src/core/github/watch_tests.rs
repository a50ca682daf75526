use super::*;

const API: &str = "http://127.0.0.1:9";
const MINUTE: u64 = 60_000;
const RUNS: &str = "http://127.0.0.1:9/repos/OctoCat/ocelot/actions/workflows/ci.yml/runs?per_page=1";
const CHECK_RUNS: &str =
    "http://127.0.0.1:9/repos/OctoCat/ocelot/actions/workflows/ocelot-setup-check.yml/runs?per_page=1";
const JOBS: &str = "http://127.0.0.1:9/repos/OctoCat/ocelot/actions/runs/11/jobs?per_page=30";
const ANNOTATIONS: &str = "http://127.0.0.1:9/repos/OctoCat/ocelot/check-runs/5/annotations?per_page=20";
const DENIED: &str = "Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity";

fn watcher() -> Watcher {
    Watcher::new(API, Fork::parse("OctoCat/ocelot").unwrap(), "ci.yml", 0)
}

fn time(t: u64) -> String {
    format!("t{t}")
}

fn answer(status: u16, remaining: Option<u32>, body: &str) -> Answer {
    Answer { status, remaining: remaining.map(|r| r.to_string()), reset: Some("1700000000".into()), body: body.into() }
}

fn run(status: &str, conclusion: &str) -> String {
    format!(
        r#"{{"total_count": 1, "workflow_runs": [{{"id": 11, "status": "{status}", "conclusion": {conclusion},
        "html_url": "https://github.com/OctoCat/ocelot/actions/runs/11", "run_attempt": 1}}]}}"#
    )
}

fn jobs(status: &str, conclusion: &str, step: &str) -> String {
    format!(
        r#"{{"jobs": [{{"id": 5, "name": "publish", "status": "{status}", "conclusion": {conclusion}, "steps": [
        {{"name": "Set up job", "status": "completed", "conclusion": "success", "number": 1}},
        {{"name": "Configure AWS credentials", "status": "{status}", "conclusion": {step}, "number": 2}}]}}]}}"#
    )
}

/// A GitHub where the publish workflow's run 11 is queued, then running, then (at `ends`, if
/// ever) failed at the credentials step; the check workflow is not in the fork. `limit` is the
/// hourly limit it counts down from, `None` for answers without rate-limit headers; each
/// request spends `cost` of it (more than 1 when others read GitHub meanwhile).
fn github(ends: Option<u64>, limit: Option<u32>, cost: u32) -> impl FnMut(&str, u64) -> Answer {
    let mut used = 0;
    move |url, t| {
        used += cost;
        let left = limit.map(|l| l.saturating_sub(used));
        let (status, conclusion) = match ends {
            Some(end) if t >= end => ("completed", r#""failure""#),
            _ if t < MINUTE => ("queued", "null"),
            _ => ("in_progress", "null"),
        };
        match url {
            "http://127.0.0.1:9/repos/OctoCat/ocelot" => answer(200, left, r#"{"id": 1}"#),
            RUNS => answer(200, left, &run(status, conclusion)),
            JOBS => answer(200, left, &jobs(status, conclusion, conclusion)),
            ANNOTATIONS => answer(200, left, &format!(r#"[{{"annotation_level": "failure", "message": "{DENIED}"}}]"#)),
            _ => answer(404, left, r#"{"message": "Not Found"}"#),
        }
    }
}

/// Runs `watcher` against `github`, each answer taking `latency` ms, until it is done; the
/// requests made, with their times.
fn watch(watcher: &mut Watcher, mut github: impl FnMut(&str, u64) -> Answer, latency: u64) -> Vec<(u64, String)> {
    let mut t = 0;
    let mut asked = Vec::new();
    loop {
        match watcher.poll(t) {
            Next::Ask(request) => {
                asked.push((t, request.url.clone()));
                let answer = github(&request.url, t);
                t += latency;
                watcher.answer(&answer, time);
            }
            Next::WaitUntil(until) => {
                assert!(until > t, "a wait ends later than now");
                t = until;
            }
            Next::Done => return asked,
        }
        assert!(asked.len() <= MAX_REQUESTS, "more requests than the budget");
    }
}

/// Once rounds poll (after the first), no two requests are closer than the interval; and the
/// same URL is never asked twice within it.
fn assert_gentle(asked: &[(u64, String)], first_round: usize) {
    for pair in asked[first_round - 1..].windows(2) {
        assert!(pair[1].0 - pair[0].0 >= POLL_INTERVAL_MS, "{pair:?}");
    }
    for (i, (t, url)) in asked.iter().enumerate() {
        if let Some((u, _)) = asked[i + 1..].iter().find(|(_, other)| other == url) {
            assert!(u - t >= POLL_INTERVAL_MS, "{url} at {t} and {u}");
        }
    }
}

#[test]
fn fifteen_minutes_of_a_run_that_never_ends_stay_within_the_rate_limit() {
    let mut w = watcher();
    let asked = watch(&mut w, github(None, Some(HOURLY_LIMIT), 1), 300);
    let first: Vec<&str> = asked[..4].iter().map(|(_, u)| u.as_str()).collect();
    assert_eq!(first, ["http://127.0.0.1:9/repos/OctoCat/ocelot", RUNS, JOBS, CHECK_RUNS]);
    assert_gentle(&asked, 4);
    assert_eq!(w.end, Some(WatchEnd::TimeUp));
    assert!(w.remaining.unwrap() > RESERVE, "the reserve is kept: {:?}", w.remaining);
    assert!(w.requests <= MAX_REQUESTS);
    let last = asked.last().unwrap().0;
    assert!(last < WATCH_LIMIT_MS && last > WATCH_LIMIT_MS - 2 * MINUTE, "the budget lasts the whole time: {last}");
    assert_eq!(w.workflows[1].state, WorkflowState::NoFile);
    assert!(w.end.as_ref().unwrap().describe().contains("after 15 minutes"), "{:?}", w.end);
}

#[test]
fn without_rate_limit_headers_the_watch_keeps_its_own_budget() {
    let mut w = watcher();
    let asked = watch(&mut w, github(None, None, 1), 300);
    assert_gentle(&asked, 4);
    assert!(w.requests <= MAX_REQUESTS, "{}", w.requests);
    assert_eq!(w.end, Some(WatchEnd::TimeUp));
}

#[test]
fn with_requests_to_spare_it_asks_every_interval_for_fifteen_minutes() {
    let mut w = watcher();
    let asked = watch(&mut w, github(None, Some(5000), 1), 300);
    assert_gentle(&asked, 4);
    assert_eq!(w.end, Some(WatchEnd::TimeUp));
    let polled = asked.len() - 4;
    assert!(polled as u64 <= WATCH_LIMIT_MS / POLL_INTERVAL_MS, "{polled} polling requests");
    assert!(asked.iter().all(|(t, _)| *t < WATCH_LIMIT_MS));
    assert!(w.workflows[0].is_going());
}

#[test]
fn others_spending_the_limit_stop_the_watch_at_the_reserve() {
    let mut w = watcher();
    let asked = watch(&mut w, github(None, Some(HOURLY_LIMIT), 4), 300);
    assert_gentle(&asked, 4);
    assert_eq!(w.end, Some(WatchEnd::Reserve(Some("t1700000000".into()))));
    assert!(w.remaining.unwrap() <= RESERVE);
    assert!(w.end.as_ref().unwrap().describe().contains("keep the last 5 requests"), "{:?}", w.end);
}

#[test]
fn a_run_that_fails_is_read_to_its_annotations_and_the_watch_ends() {
    let mut w = watcher();
    let asked = watch(&mut w, github(Some(3 * MINUTE), Some(HOURLY_LIMIT), 1), 300);
    assert_gentle(&asked, 4);
    assert_eq!(w.end, Some(WatchEnd::Ended));
    assert_eq!(asked.last().unwrap().1, ANNOTATIONS, "the annotations are the last thing read");
    assert_eq!(asked.iter().filter(|(_, u)| u == ANNOTATIONS).count(), 1);
    let publish = &w.workflows[0];
    assert_eq!(publish.run.as_ref().map(Run::progress), Some(Progress::Failed));
    let job = &publish.jobs[0];
    assert_eq!(job.failed_step().unwrap().name, "Configure AWS credentials");
    assert_eq!(job.failure_text(), DENIED);
    assert!(asked.len() < 20, "{} requests for 3 minutes", asked.len());
    assert_eq!(
        w.summary(),
        format!("{} requests to the GitHub API, {} left this hour.", w.requests, w.remaining.unwrap())
    );
}

#[test]
fn ended_runs_are_read_once() {
    let mut w = watcher();
    let asked = watch(&mut w, github(Some(0), Some(HOURLY_LIMIT), 1), 300);
    let urls: Vec<&str> = asked.iter().map(|(_, u)| u.as_str()).collect();
    assert_eq!(urls, ["http://127.0.0.1:9/repos/OctoCat/ocelot", RUNS, JOBS, ANNOTATIONS, CHECK_RUNS]);
    assert_eq!(w.end, Some(WatchEnd::Ended));
}

#[test]
fn a_private_repository_stops_at_the_first_answer() {
    let mut w = watcher();
    let asked = watch(&mut w, |_, _| answer(404, Some(58), r#"{"message": "Not Found"}"#), 10);
    assert_eq!(asked.len(), 1);
    assert_eq!(w.end, Some(WatchEnd::Private));
    assert!(WatchEnd::Private.describe().contains("private repository answers 404"));
}

#[test]
fn a_rate_limit_in_the_middle_keeps_what_was_read() {
    let mut w = watcher();
    let mut inner = github(None, Some(HOURLY_LIMIT), 1);
    let asked = watch(&mut w, move |url, t| if t > MINUTE { answer(403, Some(0), "{}") } else { inner(url, t) }, 300);
    assert_eq!(w.end, Some(WatchEnd::Failed(ReadError::RateLimited(Some("t1700000000".into())))));
    assert_eq!(w.workflows[0].jobs.len(), 1, "the jobs read stay");
    assert!(asked.len() < 10);
    assert!(w.end.unwrap().describe().contains("rate limit for unauthenticated requests is spent until t1700000000"));
}

#[test]
fn failures_stop_the_watch() {
    let mut w = watcher();
    assert!(matches!(w.poll(0), Next::Ask(_)));
    w.no_answer("Failed to fetch");
    assert_eq!((w.poll(1), w.requests), (Next::Done, 1));
    assert!(matches!(w.end, Some(WatchEnd::Failed(ReadError::Unreachable(_)))));

    let mut w = watcher();
    let asked = watch(&mut w, |url, _| answer(if url.ends_with("ocelot") { 200 } else { 500 }, Some(50), ""), 10);
    assert_eq!((asked.len(), w.end), (2, Some(WatchEnd::Failed(ReadError::Status(500)))));

    let mut w = watcher();
    watch(&mut w, |url, _| answer(200, Some(50), if url.ends_with("ocelot") { "{}" } else { "<html>" }), 10);
    assert!(matches!(w.end, Some(WatchEnd::Failed(ReadError::BadBody(_)))));

    let mut w = watcher();
    w.stop_now();
    assert_eq!((w.poll(0), w.end), (Next::Done, Some(WatchEnd::Stopped)));
}

#[test]
fn a_shorter_interval_for_tests_is_kept() {
    let mut w = watcher().with_interval(50);
    let asked = watch(&mut w, github(Some(1000), Some(HOURLY_LIMIT), 1), 10);
    assert_eq!((w.interval_ms(), w.limit_ms()), (50, 3000), "the time limit scales with the interval");
    assert_eq!(w.end, Some(WatchEnd::Ended));
    assert!(asked.windows(2).skip(3).all(|p| p[1].0 - p[0].0 >= 50));
}

#[test]
fn a_new_run_replaces_the_jobs_of_the_old_one() {
    let mut w = watcher();
    w.workflows[0].run = Some(Run { id: 3, ..Run::default() });
    w.workflows[0].jobs = vec![Job { id: 1, ..Job::default() }];
    w.read_run(0, Some(Run { id: 4, ..Run::default() }));
    assert!(w.workflows[0].jobs.is_empty());
    w.read_run(0, None);
    assert_eq!((w.workflows[0].state, w.workflows[0].run.clone()), (WorkflowState::NoRuns, None));
}

// proptest is a native dev-dependency.
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// An answer GitHub (or something in its place) might give: mostly a 200 whose body fits
    /// the URL (runs going or ended, jobs, annotations), else another status or any text.
    #[derive(Debug, Clone)]
    struct Fake {
        status: u16,
        remaining: Option<u32>,
        pick: usize,
        garbage: Option<String>,
    }

    fn any_fake() -> impl Strategy<Value = Fake> {
        let status = prop_oneof![8 => Just(200u16), 1 => prop::sample::select(vec![404u16, 403, 429, 500, 302])];
        let remaining = prop::option::of(prop_oneof![0u32..10, 0u32..=60, Just(5000)]);
        let garbage = prop::option::weighted(0.1, ".{0,40}");
        (status, remaining, 0usize..3, garbage).prop_map(|(status, remaining, pick, garbage)| Fake {
            status,
            remaining,
            pick,
            garbage,
        })
    }

    fn body(url: &str, fake: &Fake) -> String {
        if let Some(text) = &fake.garbage {
            return text.clone();
        }
        let failed = r#""failure""#;
        if url.contains("/runs?") {
            [run("in_progress", "null"), run("queued", "null"), run("completed", failed)][fake.pick].clone()
        } else if url.contains("/jobs?") {
            let going = jobs("in_progress", "null", "null");
            [going.clone(), going, jobs("completed", failed, failed)][fake.pick].clone()
        } else if url.contains("/annotations?") {
            format!(r#"[{{"message": "{DENIED}"}}]"#)
        } else {
            r#"{"id": 1}"#.to_string()
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever comes back, and however slowly, the watch ends within its time and its
        /// budget, and never polls faster than the interval.
        #[test]
        fn any_answers_keep_the_watch_within_its_limits(
            fakes in prop::collection::vec(any_fake(), 1..80),
            latency in 0u64..20_000,
        ) {
            let mut w = watcher();
            let mut next = fakes.into_iter().cycle();
            let asked = watch(
                &mut w,
                move |url, _| {
                    let fake = next.next().expect("a cycle of at least one");
                    let remaining = fake.remaining.map(|r| r.to_string());
                    Answer { status: fake.status, remaining, reset: Some("1700000000".into()), body: body(url, &fake) }
                },
                latency,
            );
            prop_assert!(w.requests <= MAX_REQUESTS);
            prop_assert!(w.end.is_some());
            prop_assert!(asked.iter().all(|(t, _)| *t < WATCH_LIMIT_MS));
            // Requests closer than the interval are the first round's only: a prefix, at most the
            // repository, then each workflow's run, jobs and failed jobs' annotations.
            let gaps: Vec<u64> = asked.windows(2).map(|p| p[1].0 - p[0].0).collect();
            let first_round = gaps.iter().position(|g| *g >= POLL_INTERVAL_MS).unwrap_or(gaps.len()) + 1;
            prop_assert!(gaps[first_round.min(gaps.len())..].iter().all(|g| *g >= POLL_INTERVAL_MS), "{:?}", asked);
            prop_assert!(first_round <= 1 + 2 * (2 + MAX_FAILED_JOBS), "{:?}", asked);
        }
    }
}
