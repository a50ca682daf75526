use super::*;

const API: &str = "http://127.0.0.1:9";

fn fork() -> Fork {
    Fork::parse("OctoCat/ocelot").unwrap()
}

#[test]
fn urls_name_the_workflow_run_and_job() {
    let f = fork();
    assert_eq!(
        runs_url(API, &f, "ci.yml"),
        "http://127.0.0.1:9/repos/OctoCat/ocelot/actions/workflows/ci.yml/runs?per_page=1"
    );
    assert_eq!(
        runs_url("https://api.github.com/", &f, "a b/../x.yml"),
        "https://api.github.com/repos/OctoCat/ocelot/actions/workflows/a%20b%2F..%2Fx.yml/runs?per_page=1"
    );
    assert_eq!(jobs_url(API, &f, 7), "http://127.0.0.1:9/repos/OctoCat/ocelot/actions/runs/7/jobs?per_page=30");
    assert_eq!(
        annotations_url(API, &f, 9),
        "http://127.0.0.1:9/repos/OctoCat/ocelot/check-runs/9/annotations?per_page=20"
    );
}

#[test]
fn progress_reads_status_and_conclusion() {
    let cases = [
        ("queued", "", Progress::Queued),
        ("waiting", "", Progress::Queued),
        ("in_progress", "", Progress::Running),
        ("completed", "success", Progress::Passed),
        ("completed", "failure", Progress::Failed),
        ("completed", "timed_out", Progress::Failed),
        ("completed", "startup_failure", Progress::Failed),
        ("completed", "cancelled", Progress::Cancelled),
        ("completed", "skipped", Progress::Skipped),
        ("completed", "", Progress::Unknown),
        ("exploded", "success", Progress::Unknown),
    ];
    for (status, conclusion, progress) in cases {
        assert_eq!(Progress::of(status, conclusion), progress, "{status} {conclusion}");
    }
    assert!(Progress::Queued.is_going() && Progress::Running.is_going());
    assert!(!Progress::Unknown.is_going() && !Progress::Failed.is_going());
}

#[test]
fn reads_the_latest_run_and_nothing_when_none() {
    let body = r#"{"total_count": 2, "workflow_runs": [
        {"id": 11, "name": "Publish", "status": "completed", "conclusion": null, "html_url": "https://github.com/OctoCat/ocelot/actions/runs/11",
         "head_branch": "main", "event": "workflow_dispatch", "created_at": "2026-12-01T10:00:00Z", "run_attempt": 2, "run_number": 5,
         "extra": {"nested": [1, 2]}},
        {"id": 10}]}"#;
    let run = parse_latest_run(body).unwrap().unwrap();
    assert_eq!((run.id, run.run_attempt, run.run_number), (11, 2, 5));
    assert_eq!(run.conclusion, "", "null is empty");
    assert_eq!(run.progress(), Progress::Unknown);
    assert_eq!(run.link(&fork()), "https://github.com/OctoCat/ocelot/actions/runs/11");
    assert_eq!(parse_latest_run(r#"{"total_count": 0, "workflow_runs": []}"#).unwrap(), None);
    assert_eq!(parse_latest_run("{}").unwrap(), None, "a missing list is empty");
    assert_eq!(parse_latest_run(r#"{"workflow_runs": null}"#).unwrap(), None);
}

#[test]
fn links_from_an_answer_are_used_only_when_they_are_github_pages() {
    let run = Run { id: 11, html_url: "javascript:alert(1)".into(), ..Run::default() };
    assert_eq!(run.link(&fork()), "https://github.com/OctoCat/ocelot/actions/runs/11");
    let job = Job { id: 3, html_url: "https://evil.example/".into(), ..Job::default() };
    assert_eq!(job.link(&fork(), 11), "https://github.com/OctoCat/ocelot/actions/runs/11/job/3");
    let job =
        Job { id: 3, html_url: "https://github.com/OctoCat/ocelot/actions/runs/11/job/3".into(), ..Job::default() };
    assert_eq!(job.link(&fork(), 99), "https://github.com/OctoCat/ocelot/actions/runs/11/job/3");
}

#[test]
fn reads_jobs_with_their_steps_and_the_failed_one() {
    let body = r#"{"total_count": 1, "jobs": [{"id": 5, "run_id": 11, "name": "build-layer", "status": "completed",
        "conclusion": "failure", "html_url": "https://github.com/OctoCat/ocelot/actions/runs/11/job/5", "steps": [
        {"name": "Set up job", "status": "completed", "conclusion": "success", "number": 1},
        {"name": "Configure AWS credentials", "status": "completed", "conclusion": "failure", "number": 2},
        {"name": "Publish", "status": "completed", "conclusion": "skipped", "number": 3}]}]}"#;
    let jobs = parse_jobs(body).unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].progress(), Progress::Failed);
    assert_eq!(jobs[0].failed_step().map(|s| s.name.as_str()), Some("Configure AWS credentials"));
    assert_eq!(jobs[0].steps[2].progress(), Progress::Skipped);
    assert_eq!(jobs[0].annotations, None);
    let queued = parse_jobs(r#"{"jobs": [{"id": 1, "status": "queued", "steps": null}]}"#).unwrap();
    assert_eq!((queued[0].progress(), queued[0].steps.len(), queued[0].failed_step()), (Progress::Queued, 0, None));
}

#[test]
fn reads_annotations_and_keeps_failures_for_the_diagnosis() {
    let body = r#"[
        {"path": ".github", "start_line": 1, "annotation_level": "warning", "title": "", "message": "Node.js 20 actions are deprecated."},
        {"path": ".github", "start_line": 8, "annotation_level": "failure", "title": null,
         "message": "Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity"},
        {"message": "Process completed with exit code 1.", "annotation_level": "failure"}]"#;
    let annotations = parse_annotations(body).unwrap();
    assert_eq!(annotations.len(), 3);
    assert_eq!(annotations[1].start_line, 8);
    let job = Job { annotations: Some(annotations), ..Job::default() };
    assert_eq!(
        job.failure_text(),
        "Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity\nProcess completed with exit code 1."
    );
    assert_eq!(Job::default().failure_text(), "");
}

#[test]
fn caps_lists_and_texts() {
    let steps: Vec<String> = (0..MAX_STEPS + 5).map(|i| format!(r#"{{"name": "s{i}", "number": {i}}}"#)).collect();
    let long = "x".repeat(MAX_NAME_CHARS + 10);
    let job = format!(r#"{{"id": 1, "name": "{long}", "steps": [{}]}}"#, steps.join(","));
    let body = format!(r#"{{"jobs": [{}]}}"#, vec![job; MAX_JOBS + 3].join(","));
    let jobs = parse_jobs(&body).unwrap();
    assert_eq!(jobs.len(), MAX_JOBS);
    assert_eq!(jobs[0].steps.len(), MAX_STEPS);
    assert_eq!(jobs[0].name.chars().count(), MAX_NAME_CHARS + 1, "cut, with an ellipsis");
    assert!(jobs[0].name.ends_with('…'));

    let message = "é".repeat(MAX_MESSAGE_CHARS * 2);
    let many: Vec<String> = (0..MAX_ANNOTATIONS + 1).map(|_| format!(r#"{{"message": "{message}"}}"#)).collect();
    let annotations = parse_annotations(&format!("[{}]", many.join(","))).unwrap();
    assert_eq!(annotations.len(), MAX_ANNOTATIONS);
    assert_eq!(annotations[0].message.chars().count(), MAX_MESSAGE_CHARS + 1);

    let huge = format!(r#"{{"jobs": [], "pad": "{}"}}"#, " ".repeat(MAX_BODY_BYTES));
    let error = parse_jobs(&huge).unwrap_err().to_string();
    assert!(error.contains("the run's jobs: 512 KB, more than the 512 KB read"), "{error}");
}

#[test]
fn odd_bodies_are_refused_and_odd_members_are_empty() {
    let error = |r: Result<Vec<Annotation>, ReadError>| r.unwrap_err().to_string();
    assert!(error(parse_annotations("<html>")).contains("the job's annotations: expected value"));
    assert!(error(parse_annotations(r#"{"message": "x"}"#)).contains("the job's annotations: expected a list"));
    assert!(parse_jobs("[]").unwrap_err().to_string().contains("the run's jobs: expected an object"));
    assert!(parse_latest_run("[").is_err());
    let odd = parse_jobs(r#"{"jobs": [{"id": "five", "name": 7, "steps": {"name": "x"}}, {"id": -1}, 3]}"#).unwrap();
    assert_eq!(odd.len(), 3);
    assert_eq!((odd[0].id, odd[0].name.as_str(), odd[0].steps.len()), (0, "", 0));
    assert_eq!(odd[1].id, 0, "not a job id");
    assert_eq!(odd[2], Job::default());
}

// proptest is a native dev-dependency.
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;

    proptest::proptest! {
        /// Any body, JSON or not, is read or refused without a panic, and what is read is capped.
        #[test]
        fn any_body_is_read_or_refused(body in ".{0,200}", name in "\\PC{0,300}") {
            let _ = (parse_latest_run(&body), parse_jobs(&body), parse_annotations(&body));
            let json = serde_json::json!({"jobs": [{"name": name, "steps": [{"name": name}]}]}).to_string();
            let jobs = parse_jobs(&json).unwrap();
            proptest::prop_assert!(jobs[0].name.chars().count() <= MAX_NAME_CHARS + 1);
            proptest::prop_assert!(jobs[0].steps[0].name.chars().count() <= MAX_NAME_CHARS + 1);
        }
    }
}

#[test]
fn a_run_is_summed_up_in_words_with_its_time_in_utc() {
    let run = |event: &str, created_at: &str, branch: &str| Run {
        run_number: 12,
        event: event.into(),
        created_at: created_at.into(),
        head_branch: branch.into(),
        ..Run::default()
    };
    let cases = [
        (
            run("workflow_dispatch", "2026-12-06T01:40:12Z", "main"),
            "Run 12 on main, started by hand (workflow_dispatch) on 2026-12-06 at 01:40 UTC",
        ),
        (run("push", "2026-01-31T23:59:59Z", "dev"), "Run 12 on dev, started by a push on 2026-01-31 at 23:59 UTC"),
        (
            run("pull_request_target", "2026-12-06T01:40:12Z", "main"),
            "Run 12 on main, started by a pull request (pull_request_target) on 2026-12-06 at 01:40 UTC",
        ),
        (
            run("schedule", "2026-12-06T01:40:12Z", "main"),
            "Run 12 on main, started on its schedule on 2026-12-06 at 01:40 UTC",
        ),
        (
            run("repository_dispatch", "2026-12-06T01:40:12Z", "main"),
            "Run 12 on main, started by the event repository_dispatch on 2026-12-06 at 01:40 UTC",
        ),
        // Not GitHub's usual form (an offset, a fraction, too short, a letter among the
        // digits): quoted as given.
        (
            run("push", "2026-12-06T01:40:12+02:00", "main"),
            "Run 12 on main, started by a push at 2026-12-06T01:40:12+02:00",
        ),
        (run("push", "2026-12-06T01:40:12.5Z", "main"), "Run 12 on main, started by a push at 2026-12-06T01:40:12.5Z"),
        (run("push", "2026-12-06", "main"), "Run 12 on main, started by a push at 2026-12-06"),
        (run("push", "2026-1x-06T01:40:12Z", "main"), "Run 12 on main, started by a push at 2026-1x-06T01:40:12Z"),
        // Multibyte text of the same length in bytes is not mistaken for a date.
        (run("push", "ééééééééé1Z", "main"), "Run 12 on main, started by a push at ééééééééé1Z"),
        (run("", "", ""), "Run 12 on an unnamed branch, started by an unnamed event at an unknown time"),
    ];
    for (run, want) in cases {
        assert_eq!(run.summary(), want, "{run:?}");
    }
}
