//! Right by default: a new user who types the fork and presses nothing gets what the fork's
//! workflows read; with GitHub unreachable or the reading off, upstream's names; a fork chosen
//! by a link is announced, and the deploy commands wait for "This is my fork".

use ocelot_setup::core::setup::SetupInput;

use crate::github_stub;
use crate::page::Page;

const UPSTREAM_ROLE: &str = "OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN";

/// Goes from step 1 to the secrets step with Next alone.
async fn next_to_the_secrets(page: &Page) {
    page.click_button("Next: AWS options").await;
    page.is_on_step(2, "AWS options").await;
    page.click_button("Next: Template and deploy").await;
    page.is_on_step(3, "Template and deploy").await;
    page.click_button("Next: GitHub secrets").await;
    page.is_on_step(4, "GitHub secrets").await;
}

#[tokio::test]
async fn a_new_user_who_presses_nothing_gets_what_upstreams_workflows_read() {
    let page = Page::with_github(github_stub::with_workflows()).await;
    page.open_as_new_user().await;
    page.type_into("Your fork", "octocat/ocelot").await;
    page.sees("Read 3 of 3 workflow files on main").await;
    page.sees("Read again").await;
    next_to_the_secrets(&page).await;
    page.sees(UPSTREAM_ROLE).await;
    page.sees("DYNAMODB_REGION").await;
    page.does_not_see("AWS_ROLE_TO_ASSUME").await;
    page.does_not_see("DYNAMODB_TABLE_NAME").await;
    page.close().await;
}

#[tokio::test]
async fn a_fork_with_its_own_names_is_followed_without_a_click() {
    let page = Page::with_github(github_stub::with_workflows()).await;
    page.open_as_new_user().await;
    page.type_into("Your fork", "octocat/acme").await;
    page.sees("OctoCat/acme exists on GitHub.").await;
    page.sees("Role secret name: ACME_PUBLISHER_ROLE").await;
    page.template_has("table ocelot-layers in eu-west-1").await;
    page.template_has("Default: acme").await;
    next_to_the_secrets(&page).await;
    page.sees("ACME_PUBLISHER_ROLE").await;
    page.does_not_see(UPSTREAM_ROLE).await;
    // No workflow of the fork reads a region variable: none is listed.
    page.does_not_see("DYNAMODB_REGION").await;
    page.close().await;
}

#[tokio::test]
async fn with_github_unreachable_a_new_user_ends_with_upstreams_names() {
    let page = Page::with_github(&github_stub::unreachable()).await;
    page.open_as_new_user().await;
    page.type_into("Your fork", "octocat/ocelot").await;
    page.sees("GitHub could not be reached").await;
    page.sees("the setup assumes secret OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN").await;
    next_to_the_secrets(&page).await;
    page.sees(UPSTREAM_ROLE).await;
    page.sees("DYNAMODB_REGION").await;
    page.close().await;
}

#[tokio::test]
async fn the_reading_switch_sends_nothing_and_is_remembered() {
    let page = Page::with_github(github_stub::with_workflows()).await;
    page.open_as_new_user().await;
    page.is_ticked("Read my fork from GitHub", true).await;
    page.choose_off("Read my fork from GitHub").await;
    page.type_into("Your fork", "octocat/acme").await;
    page.sees("Reading from GitHub is off.").await;
    page.template_has("Default: ocel").await;
    page.does_not_see("exists on GitHub").await;
    page.reload().await;
    page.is_ticked("Read my fork from GitHub", false).await;
    page.does_not_see("exists on GitHub").await;
    page.choose("Read my fork from GitHub").await;
    page.sees("OctoCat/acme exists on GitHub.").await;
    page.close().await;
}

#[tokio::test]
async fn a_link_that_names_a_fork_is_announced_and_deploying_waits_for_the_owner() {
    let page = Page::new().await;
    let linked = SetupInput::for_fork("someone-else/ocelot");
    page.open_link(&linked, None, false).await;
    page.sees("The link you opened chose the fork someone-else/ocelot.").await;
    page.go_to_step("Template and deploy").await;
    page.is_on_step(3, "Template and deploy").await;
    page.sees("A link chose the fork someone-else/ocelot.").await;
    page.does_not_see("Deploy command").await;
    page.does_not_see("Download ocelot-setup.yaml").await;
    page.click_button("This is my fork").await;
    page.sees("Deploy command").await;
    page.sees("Download ocelot-setup.yaml").await;

    // Typing the fork is saying it is yours.
    page.open_link(&linked, None, false).await;
    page.sees("The link you opened chose the fork").await;
    page.replace_text("Your fork", "octocat/ocelot").await;
    page.does_not_see("The link you opened chose the fork").await;
    page.close().await;
}
