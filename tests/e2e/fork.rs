//! Step 1: naming the fork, and the optional check on GitHub with each answer GitHub gives.

use crate::github_stub;
use crate::page::Page;

#[tokio::test]
async fn the_fork_field_explains_problems_while_typing() {
    let page = Page::new().await;
    page.open_blank().await;
    page.is_on_step(1, "Your fork").await;
    page.sees("Enter your fork to see the template made for it.").await;

    page.type_into("Your fork", "octocat/*").await;
    page.field_refuses("Your fork", "the wildcard '*'").await;

    page.replace_text("Your fork", "https://github.com/octocat/ocelot").await;
    page.field_accepts("Your fork", "wildcard").await;
    page.sees("For octocat/ocelot in us-east-1, updated as you type.").await;
    page.template_has("Default: octocat").await;

    page.replace_text("Your fork", "octocat/oce lot").await;
    page.field_refuses("Your fork", "a space").await;
    page.sees("Showing the last valid template").await;
    page.replace_text("Your fork", "octocat/ocelot").await;
    page.field_accepts("Your fork", "a space").await;
    page.close().await;
}

#[tokio::test]
async fn checking_a_fork_on_github_corrects_its_case_and_fills_in_the_ids() {
    let page = Page::new().await;
    page.open_as_new_user().await;
    page.type_into("Your fork", "octocat/ocelot").await;

    page.sees("OctoCat/ocelot exists on GitHub.").await;
    page.sees("It is a fork of dev7a/ocelot.").await;
    page.sees("GitHub spells it OctoCat/ocelot").await;
    page.field_holds("Your fork", "OctoCat/ocelot").await;
    page.field_holds("Owner id", "583231").await;
    page.field_holds("Repository id", "1296269").await;
    page.template_has("Default: OctoCat").await;
    page.template_has("repo:${GitHubOwner}@${GitHubOwnerId}/${GitHubRepo}@${GitHubRepoId}:ref:*").await;

    page.click_button("Trust only branch main").await;
    page.click_button("Next: AWS options").await;
    page.is_on_step(2, "AWS options").await;
    page.field_holds("Branch name", "main").await;
    page.close().await;
}

#[tokio::test]
async fn every_answer_from_github_is_explained_and_the_wizard_goes_on_without_it() {
    let mut page = Page::new().await;
    page.open_as_new_user().await;
    page.type_into("Your fork", "octocat/spoon-knife").await;
    page.sees("OctoCat/Spoon-Knife exists on GitHub.").await;
    page.sees("It is not a fork of dev7a/ocelot: check that this is the right repository.").await;

    page.replace_text("Your fork", "octocat/no-such-fork").await;
    page.does_not_see("exists on GitHub").await;
    page.sees("GitHub has no public repository octocat/no-such-fork").await;
    page.sees("You can go on without it: the setup assumes").await;
    goes_on_without_the_check(&page).await;

    page.use_github(github_stub::rate_limited());
    page.open_as_new_user().await;
    page.type_into("Your fork", "octocat/ocelot").await;
    page.sees(&format!(
        "GitHub's rate limit for unauthenticated requests is spent until {}",
        github_stub::RATE_LIMIT_RESET_UTC
    ))
    .await;
    page.field_holds("Owner id", "").await;
    goes_on_without_the_check(&page).await;

    page.use_github(&github_stub::unreachable());
    page.open_as_new_user().await;
    page.type_into("Your fork", "octocat/ocelot").await;
    page.sees("GitHub could not be reached").await;
    page.sees("The wizard works without it").await;
    goes_on_without_the_check(&page).await;
    page.close().await;
}

async fn goes_on_without_the_check(page: &Page) {
    page.click_button("Next: AWS options").await;
    page.is_on_step(2, "AWS options").await;
    page.click_button("Back").await;
    page.is_on_step(1, "Your fork").await;
}
