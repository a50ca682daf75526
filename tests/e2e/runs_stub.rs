//! A stand-in for GitHub's Actions API: octocat/ocelot's latest runs of the publish workflow
//! (ci.yml) and of the check workflow, their jobs and a failed job's annotations, recorded in
//! tests/e2e/fixtures/runs/. Each scenario is a fresh server, as some change with time.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::github_stub::{fixture, start};
use crate::http::Response;

/// What the fork's runs do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// The publish run is in progress for the first reads, then fails at its credentials step.
    FailsAtCredentials,
    /// The publish workflow never ran; the check workflow's run failed at its trust check.
    FailsAtTrustCheck,
    /// The publish run passed.
    Green,
    /// A private repository: 404 for everything.
    Private,
    /// The publish run is in progress, and the rate limit is spent at the second read of it.
    LimitedMidway,
    /// The run's branch and event, the failed job's name, step names, link and error line are
    /// markup, and the run's time is 5,020 characters long.
    Markup,
}

/// Reads of the publish workflow's runs before its run fails ([`Scenario::FailsAtCredentials`]).
const RUNNING_READS: usize = 4;

/// A fresh GitHub for `scenario`; its base URL.
pub fn start_runs(scenario: Scenario) -> String {
    let reads = Arc::new(AtomicUsize::new(0));
    start(move |request| {
        let path = request.path.to_ascii_lowercase();
        let Some(rest) = path.strip_prefix("/repos/octocat/ocelot") else { return fixture("not-found.http") };
        if scenario == Scenario::Private {
            return fixture("not-found.http");
        }
        let runs = |name: &str| fixture(&format!("runs/{name}.http"));
        let publish_reads = reads.load(Ordering::SeqCst);
        let answer: Response = match (scenario, rest) {
            (_, "") => fixture("fork-of-ocelot.http"),
            (_, "/actions/workflows/ci.yml/runs") => {
                let read = reads.fetch_add(1, Ordering::SeqCst) + 1;
                match scenario {
                    Scenario::FailsAtCredentials if read <= RUNNING_READS => runs("runs-in-progress"),
                    Scenario::FailsAtCredentials => runs("runs-failed"),
                    Scenario::Markup => runs("runs-markup"),
                    Scenario::FailsAtTrustCheck => runs("runs-none"),
                    Scenario::LimitedMidway if read == 1 => runs("runs-in-progress"),
                    Scenario::LimitedMidway => fixture("rate-limited.http"),
                    _ => runs("runs-passed"),
                }
            }
            (Scenario::FailsAtTrustCheck, "/actions/workflows/ocelot-setup-check.yml/runs") => {
                runs("check-runs-failed")
            }
            (Scenario::FailsAtTrustCheck, "/actions/runs/7101/jobs") => runs("check-jobs-failed"),
            (Scenario::FailsAtTrustCheck, "/check-runs/9101/annotations") => runs("check-annotations-subject"),
            (_, "/actions/runs/7001/jobs") => match scenario {
                Scenario::FailsAtCredentials if publish_reads <= RUNNING_READS => runs("jobs-in-progress"),
                Scenario::LimitedMidway => runs("jobs-in-progress"),
                Scenario::Green => runs("jobs-passed"),
                Scenario::Markup => runs("jobs-markup"),
                _ => runs("jobs-failed"),
            },
            (Scenario::Markup, "/check-runs/9001/annotations") => runs("annotations-markup"),
            (_, "/check-runs/9001/annotations") => runs("annotations-credentials"),
            _ => fixture("not-found.http"),
        };
        answer
    })
}
