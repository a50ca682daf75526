//! Verify's "Watch the run" against recorded GitHub answers: a run that fails at its
//! credentials while watched, the check workflow's trust check, a green run, a private
//! repository, a rate limit halfway, markup in what the fork names, and reading turned off.

use ocelot_setup::core::setup::query::to_query_string;
use ocelot_setup::core::setup::{SecretPreset, SetupInput};
use serde_json::json;

use crate::a11y::{audit, axe_source};
use crate::chosen_options;
use crate::page::Page;
use crate::runs_stub::{start_runs, Scenario};
use crate::screenshots::{dir, layout_problems};

/// How often the page asks again in these tests, instead of every 15 s.
const POLL_MS: &str = "300";

/// Opens the Verify step of a complete setup (upstream's names) watching `github`, with
/// `extra` page parameters.
async fn open_verify(page: &mut Page, github: &str, extra: &[(&str, &str)]) {
    page.use_github(github);
    let complete = SetupInput { account_id: "123456789012".into(), preset: SecretPreset::Upstream, ..chosen_options() };
    let mut pairs: Vec<(&str, String)> = complete.to_query();
    pairs.push(("step", "verify".into()));
    pairs.push(("github_poll_ms", POLL_MS.into()));
    pairs.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
    page.open_embedded_reading("/", &to_query_string(&pairs)).await;
    page.sees("Watch the run").await;
}

async fn watching(scenario: Scenario) -> Page {
    let mut page = Page::new().await;
    open_verify(&mut page, &start_runs(scenario), &[]).await;
    page.click_button("Watch the run").await;
    page
}

#[tokio::test]
async fn a_run_watched_while_it_fails_at_its_credentials_is_explained() {
    let page = watching(Scenario::FailsAtCredentials).await;
    page.sees("The publish workflow (ci.yml)").await;
    page.sees("Run 12 on main, started by hand (workflow_dispatch) on 2026-12-06 at 01:40 UTC:").await;
    page.sees("Configure AWS credentials running").await;
    page.sees("Publish the layer queued").await;
    page.sees("Stop watching").await;
    page.sees("It failed at the step \"Configure AWS credentials\".").await;
    page.sees("Configure AWS credentials failed").await;
    page.sees("Publish the layer skipped").await;
    page.sees("Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity").await;
    page.sees("AWS refused this run's token").await;
    page.does_not_see("Node.js 20 actions are deprecated").await;
    page.sees("Watching ended: no run is queued or running.").await;
    page.sees("left this hour.").await;
    page.sees("ocelot-setup-check.yml is not in the fork yet").await;
    page.link_leads_to("Run 12 on GitHub", "https://github.com/OctoCat/ocelot/actions/runs/7001").await;
    page.link_leads_to("Build layer (amd64, minimal)", "https://github.com/OctoCat/ocelot/actions/runs/7001/job/9001")
        .await;
    page.sees("Watch the run").await;
    page.close().await;
}

#[tokio::test]
async fn stopping_the_watch_asks_nothing_more() {
    let page = watching(Scenario::FailsAtCredentials).await;
    page.sees("Configure AWS credentials running").await;
    page.click_button("Stop watching").await;
    page.sees("Watching stopped.").await;
    const SECTION: &str = "return document.querySelector(\"section[aria-labelledby='wz-watch-title']\").innerText;";
    let stopped = page.run_script(SECTION, vec![]).await;
    // Long enough for the run to have failed, had the page gone on reading.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(page.run_script(SECTION, vec![]).await, stopped, "nothing was read after the stop");
    page.sees("Watch the run").await;
    page.close().await;
}

#[tokio::test]
async fn a_check_run_failed_at_its_trust_check_names_the_step_and_what_differs() {
    let page = watching(Scenario::FailsAtTrustCheck).await;
    page.sees("The check workflow (ocelot-setup-check.yml)").await;
    page.sees("It failed at the step \"Show the token's claims and compare its subject\".").await;
    page.sees("Assume the role skipped").await;
    page.sees("differs in branch: the run is on dev, the role trusts main only").await;
    page.sees("The publish workflow (ci.yml)").await;
    page.sees("It has not run yet: start it, then watch again.").await;
    page.sees("Watching ended").await;
    page.close().await;
}

#[tokio::test]
async fn a_green_publish_run_says_what_to_confirm_in_the_table() {
    let page = watching(Scenario::Green).await;
    page.sees("Publish the layer passed").await;
    page.sees("A green run does not prove the layer was recorded").await;
    let count = page.code("Count the table's records").await;
    assert_eq!(count, "aws dynamodb scan --table-name ocelot-layers --region us-east-1 --select COUNT");
    page.sees("Watching ended").await;
    page.close().await;
}

#[tokio::test]
async fn a_private_repository_gets_the_gh_pipe() {
    let page = watching(Scenario::Private).await;
    page.sees("a private repository answers 404 to a reader who is not signed in").await;
    let pipe = page.code("Read the run with gh").await;
    assert!(pipe.starts_with("gh run view \"$(gh run list --workflow ci.yml"), "{pipe}");
    assert!(pipe.contains("--log-failed -R OctoCat/ocelot | ocelot-setup diagnose --repo OctoCat/ocelot"), "{pipe}");
    page.sees("1 request to the GitHub API").await;
    page.close().await;
}

#[tokio::test]
async fn a_rate_limit_halfway_keeps_what_was_read_and_stops() {
    let page = watching(Scenario::LimitedMidway).await;
    page.sees("Configure AWS credentials running").await;
    page.sees(&format!(
        "Watching stopped: GitHub's rate limit for unauthenticated requests is spent until {}",
        crate::github_stub::RATE_LIMIT_RESET_UTC
    ))
    .await;
    page.sees("0 left this hour.").await;
    page.sees("Configure AWS credentials running").await;
    page.sees("Watch the run").await;
    page.close().await;
}

/// The elements inside the wizard that markup in what was read could have made.
const MADE: &str = "return document.querySelectorAll('.wz img, .wz script, .wz b, .wz iframe, .wz [onerror]').length;";

#[tokio::test]
async fn markup_in_job_and_step_names_and_error_lines_stays_text() {
    let page = watching(Scenario::Markup).await;
    page.sees("It failed at the step \"<img src=x onerror=\"document.title='pwned'\">\".").await;
    page.sees("<script>document.title='pwned'</script>").await;
    page.sees("<b>bold</b>").await;
    // The run's branch, event and time, as GitHub gave them: text, and the time cut at 200
    // characters (GitHub's 20, then 180 nines).
    page.sees(&format!(
        "Run 12 on <b>bold</b>-branch, started by the event <img src=x onerror=\"document.title='pwned'\"> at 2026-12-06T01:40:12Z{}…:",
        "9".repeat(180)
    ))
    .await;
    page.sees("AWS refused this run's token").await;
    assert_eq!(page.run_script(MADE, vec![]).await, json!(0), "no element was made from what was read");
    let title = page.run_script("return document.title;", vec![]).await;
    assert_ne!(title, json!("pwned"));
    // GitHub's link was not a github.com page: the job's link is built from its ids.
    page.link_leads_to(
        "<script>document.title='pwned'</script>",
        "https://github.com/OctoCat/ocelot/actions/runs/7001/job/9001",
    )
    .await;
    page.close().await;
}

#[tokio::test]
async fn reading_turned_off_gives_the_gh_pipe_and_reads_nothing() {
    let mut page = Page::new().await;
    open_verify(&mut page, &start_runs(Scenario::Green), &[("github", "off")]).await;
    page.sees("Reading from GitHub is off (see step 1)").await;
    let pipe = page.code("Read the run with gh").await;
    assert!(pipe.contains("| ocelot-setup diagnose --repo OctoCat/ocelot"), "{pipe}");
    page.does_not_see("Stop watching").await;
    page.close().await;
}

#[tokio::test]
async fn the_watched_runs_are_accessible_and_fit_a_phone() {
    let mut page = Page::new().await;
    let axe = axe_source();
    let mut report = Vec::new();
    let mut too_wide = Vec::new();
    for scenario in [Scenario::FailsAtCredentials, Scenario::FailsAtTrustCheck, Scenario::Green] {
        open_verify(&mut page, &start_runs(scenario), &[]).await;
        page.click_button("Watch the run").await;
        page.sees("Watching ended").await;
        report.extend(audit(&page, &axe, &format!("Verify, watched {scenario:?}")).await);
        for (width, height) in [(1280, 1800), (360, 1600)] {
            page.resize(width, height).await;
            page.run_script("document.querySelector('#wz-watch-title').scrollIntoView();", vec![]).await;
            page.screenshot(&dir().join(format!("watch-{scenario:?}-{width}.png").to_lowercase())).await;
            too_wide.extend(layout_problems(&page, &format!("{scenario:?} at {width}px")).await);
        }
    }
    page.close().await;
    assert!(report.is_empty(), "axe-core found violations:\n{}", report.join("\n"));
    assert!(too_wide.is_empty(), "parts wider than the window or their box:\n{}", too_wide.join("\n"));
}

#[tokio::test]
async fn the_watched_runs_are_accessible_in_dark_mode() {
    let mut page = Page::new_dark().await;
    let axe = axe_source();
    let mut report = Vec::new();
    for scenario in [Scenario::FailsAtCredentials, Scenario::Green] {
        open_verify(&mut page, &start_runs(scenario), &[]).await;
        page.click_button("Watch the run").await;
        page.sees("Watching ended").await;
        report.extend(audit(&page, &axe, &format!("dark, Verify, watched {scenario:?}")).await);
    }
    page.run_script("document.querySelector('#wz-watch-title').scrollIntoView();", vec![]).await;
    page.screenshot(&dir().join("dark-watch-green-1280.png")).await;
    page.close().await;
    assert!(report.is_empty(), "axe-core found violations in dark mode:\n{}", report.join("\n"));
}
