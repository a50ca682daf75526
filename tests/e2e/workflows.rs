//! The GitHub check reads the fork's workflows: what they read becomes the setup, each change
//! with where it came from; a rate limit keeps what was read; no workflows keep the docs'
//! names; and nothing read is ever turned into markup.

use serde_json::json;

use crate::github_stub;
use crate::page::Page;

const UPSTREAM_ROLE: &str = "OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN";

#[tokio::test]
async fn the_secrets_follow_the_names_the_forks_workflows_read() {
    let page = Page::with_github(github_stub::with_workflows()).await;
    page.open_as_new_user().await;
    page.type_into("Your fork", "octocat/ocelot").await;
    page.sees("OctoCat/ocelot exists on GitHub.").await;
    page.sees("Read 3 of 3 workflow files on main (6 requests to the GitHub API, 56 left this hour).").await;
    page.sees(&format!("Role secret name: {UPSTREAM_ROLE}, the secret the workflows assume the role with")).await;
    page.sees("Region variable name: DYNAMODB_REGION").await;
    page.link_leads_to(
        ".github/workflows/r_publish.yml:115",
        "https://github.com/OctoCat/ocelot/blob/main/.github/workflows/r_publish.yml#L115",
    )
    .await;
    page.url_holds("role_secret", UPSTREAM_ROLE).await;
    page.url_holds("region_var", "DYNAMODB_REGION").await;
    let url = page.current_url().await;
    assert!(!url.contains("configure-aws-credentials") && url.len() < 1000, "the URL holds values only: {url}");

    // The setup page's names are no decision: no workflow reads them.
    page.sees("Good to know").await;
    page.sees("the setup page names the role secret AWS_ROLE_TO_ASSUME, but no workflow reads it").await;
    page.does_not_see("Use AWS_ROLE_TO_ASSUME").await;

    page.go_to_step("GitHub secrets").await;
    page.is_on_step(4, "GitHub secrets").await;
    page.sees(UPSTREAM_ROLE).await;
    page.sees("DYNAMODB_REGION").await;
    page.does_not_see("AWS_ROLE_TO_ASSUME").await;
    page.close().await;
}

#[tokio::test]
async fn a_rate_limit_keeps_what_was_read_and_says_when_it_resets() {
    let page = Page::with_github(github_stub::limited_at_second_file()).await;
    page.open_as_new_user().await;
    page.type_into("Your fork", "octocat/ocelot").await;
    page.sees("Read 1 of 3 workflow files on main (4 requests to the GitHub API, 0 left this hour).").await;
    page.sees(&format!(
        "GitHub's rate limit for unauthenticated requests is spent until {}, so not every workflow file was read.",
        github_stub::RATE_LIMIT_RESET_UTC
    ))
    .await;
    page.field_holds("Your fork", "OctoCat/ocelot").await;
    page.field_holds("Owner id", "583231").await;
    page.go_to_step("GitHub secrets").await;
    page.is_on_step(4, "GitHub secrets").await;
    page.close().await;
}

#[tokio::test]
async fn a_network_failure_halfway_keeps_what_was_read_and_what_was_typed() {
    let page = Page::with_github(github_stub::failing_at_second_file()).await;
    page.open_as_new_user().await;
    page.type_into("Your fork", "octocat/ocelot").await;
    page.sees("Read 1 of 3 workflow files on main (4 requests to the GitHub API, 56 left this hour).").await;
    page.sees("GitHub could not be reached (Failed to fetch), so not every workflow file was read.").await;
    page.field_holds("Your fork", "OctoCat/ocelot").await;
    page.field_holds("Owner id", "583231").await;
    page.go_to_step("GitHub secrets").await;
    page.is_on_step(4, "GitHub secrets").await;
    page.close().await;
}

#[tokio::test]
async fn no_workflow_folder_keeps_upstreams_names() {
    let page = Page::new().await;
    page.open_as_new_user().await;
    page.type_into("Your fork", "octocat/ocelot").await;
    page.sees(
        "No .github/workflows folder on main: nothing to follow, the setup keeps its names (2 requests to the GitHub API, 57 left this hour).",
    )
    .await;
    page.does_not_see("Set from the workflows").await;
    page.go_to_step("GitHub secrets").await;
    page.sees(UPSTREAM_ROLE).await;
    page.sees("DYNAMODB_REGION").await;
    page.does_not_see("AWS_ROLE_TO_ASSUME").await;
    page.close().await;
}

/// The elements inside the wizard that markup in what was read could have made.
const MADE: &str = "return document.querySelectorAll('.wz img, .wz script, .wz iframe, .wz [onerror]').length;";

#[tokio::test]
async fn markup_in_the_fork_and_its_workflows_stays_text() {
    let page = Page::with_github(github_stub::with_workflows()).await;
    page.open_as_new_user().await;
    let before = page.run_script(MADE, vec![]).await;
    page.type_into("Your fork", "octocat/markup").await;
    page.sees("octocat/markup exists on GitHub.").await;
    page.sees("It is a fork of <script>document.title='pwned'</script>, not of dev7a/ocelot").await;
    page.sees("Trust only branch <script>document.title='pwned'</script>").await;
    page.sees("Read 2 of 2 workflow files on <script>document.title='pwned'</script> (5 requests").await;
    page.sees(".github/workflows/<img src=x onerror=\"document.title='pwned'\">.yml: not a workflow YAML file").await;
    page.sees("environment \"<img src=x onerror=\"document.title='pwned'\">\" contains '<'").await;
    assert_eq!(page.run_script(MADE, vec![]).await, before, "no element was made from what was read");
    assert_eq!(page.run_script(MADE, vec![]).await, json!(0));
    let title = page.run_script("return document.title;", vec![]).await;
    assert_ne!(title, json!("pwned"), "no script ran");
    page.close().await;
}
