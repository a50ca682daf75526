//! The code is split by when it is needed: the page's first module paints the form and the
//! template; the worker that reads a fork and writes the check workflow is fetched only once a
//! fork is typed (or the Verify step needs it), and a worker that cannot load leaves the rest
//! working and says so.

use std::time::Duration;

use ocelot_setup::core::checks::check_workflow::check_workflow;
use ocelot_setup::core::setup::{SecretPreset, Setup, SetupInput};
use ocelot_setup::core::worker_protocol::WORKER_BIN;

use crate::deploy::wait_for_download;
use crate::github_stub;
use crate::page::Page;
use crate::server::{self, Asked};

/// The paths asked of the site that belong to the worker.
fn worker_files(asked: &Asked) -> Vec<String> {
    asked.lock().expect("the log").iter().filter(|p| p.contains(WORKER_BIN)).cloned().collect()
}

#[tokio::test]
async fn the_worker_is_fetched_once_a_fork_is_typed_and_reads_it() {
    let (site, asked) = server::start_watched(|_| false);
    let mut page = Page::with_github(github_stub::with_workflows()).await;
    page.use_site(&site.url());
    page.open_as_new_user().await;
    page.field("Your fork").await;
    // Time for anything started after the first paint, or in idle time, to be asked for.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let first: Vec<String> = asked.lock().expect("the log").clone();
    assert!(first.iter().any(|p| p.ends_with("_bg.wasm")), "the page's own wasm was fetched: {first:?}");
    assert_eq!(worker_files(&asked), Vec::<String>::new(), "nothing of the worker before a fork is typed: {first:?}");

    page.type_into("Your fork", "octocat/ocelot").await;
    page.sees("Read 3 of 3 workflow files on main (6 requests to the GitHub API, 56 left this hour).").await;
    page.sees("Region variable name: DYNAMODB_REGION").await;
    let fetched = worker_files(&asked);
    for file in ["_loader.js", ".js", "_bg.wasm"] {
        let name = format!("/{WORKER_BIN}{file}");
        assert_eq!(fetched.iter().filter(|p| **p == name).count(), 1, "{name} fetched once: {fetched:?}");
    }
    page.close().await;
}

#[tokio::test]
async fn a_worker_that_cannot_load_is_said_and_the_rest_works() {
    let (site, asked) = server::start_watched(|path| path.contains(WORKER_BIN));
    let mut page = Page::with_github(github_stub::with_workflows()).await;
    page.use_site(&site.url());
    page.open_as_new_user().await;
    page.type_into("Your fork", "octocat/ocelot").await;
    page.sees("The part of this page that reads your fork, writes the check workflow and explains errors did not load")
        .await;
    assert!(!worker_files(&asked).is_empty(), "the page asked for its worker");
    page.template_has("octocat/ocelot").await;
    page.go_to_step("GitHub secrets").await;
    page.is_on_step(4, "GitHub secrets").await;
    page.sees("OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN").await;
    page.go_to_step("Verify").await;
    page.sees("did not load").await;
    page.close().await;
}

#[tokio::test]
async fn the_verify_step_gets_the_check_workflow_from_the_worker() {
    let page = Page::new().await;
    let input = SetupInput { preset: SecretPreset::Seed, ..crate::checked_fork() };
    page.open_with(&input, Some("verify")).await;
    page.sees("gh workflow run ocelot-setup-check.yml").await;
    page.click_link("Download ocelot-setup-check.yml").await;
    let downloaded = wait_for_download(page.downloads(), "ocelot-setup-check.yml").await;
    let cli = check_workflow(&Setup::from_input(&input).expect("a valid setup")).yaml;
    assert_eq!(String::from_utf8_lossy(&downloaded), cli, "the worker writes what the CLI prints");
    assert!(cli.contains("secrets.AWS_ROLE_TO_ASSUME"), "made for this setup's names: {cli}");
    page.close().await;
}

#[tokio::test]
async fn a_pasted_error_is_explained_by_the_worker_for_this_setup_and_shown_as_text() {
    let page = Page::new().await;
    page.open_with(&crate::checked_fork(), Some("verify")).await;
    let pasted = "<img src=x onerror=alert(1)>Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity";
    page.type_into("A failing log or error line", pasted).await;
    page.sees("Go to the check workflow").await;
    page.sees("<img src=x onerror=alert(1)>Error: Could not assume role").await;
    page.sees("repo:OctoCat/ocelot").await;
    let elements =
        page.run_script("return document.querySelectorAll('#wz-diagnosis img, #wz-diagnosis b').length;", vec![]).await;
    assert_eq!(elements, serde_json::json!(0), "pasted markup became an element");
    let answer = page.run_script("return document.getElementById('wz-diagnosis').textContent;", vec![]).await;
    let answer = answer.as_str().unwrap_or_default();
    assert!(!answer.contains("ocelot-setup check-workflow"), "no CLI command in the wizard's answer: {answer}");

    page.replace_text("A failing log or error line", "<b>everything</b> is fine").await;
    page.sees("Not recognised").await;
    page.sees("<b>everything</b> is fine").await;
    page.close().await;
}
