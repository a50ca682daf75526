//! Step 2: every choice shows in the template preview at once, and in the page's URL.

use ocelot_setup::core::setup::SetupInput;

use crate::page::{eventually, Page};
use crate::{checked_fork, chosen_options};

#[tokio::test]
async fn each_aws_option_changes_the_template_preview() {
    let page = Page::new().await;
    page.open_with(&checked_fork(), None).await;
    page.click_button("Next: AWS options").await;
    page.is_on_step(2, "AWS options").await;
    page.template_has("ref:*'").await;
    page.template_has("GitHubOidcProvider").await;
    page.template_lacks("lambda:DeleteLayerVersion").await;

    page.choose("One branch").await;
    page.type_into("Branch name", "main").await;
    page.template_has(":ref:refs/heads/${TrustedBranch}'").await;
    page.template_has("# Trusts runs on branch main only").await;

    page.choose("Reuse the existing provider").await;
    page.template_lacks("GitHubOidcProvider").await;
    page.template_has(":oidc-provider/token.actions.githubusercontent.com").await;

    page.choose("Let the role delete old layers (cleanup)").await;
    page.template_has("lambda:DeleteLayerVersion").await;

    page.choose("The setup page's names").await;
    page.template_has("Default: PublishedCustomCollectorExtensionLayers").await;

    // Typing reaches the URL once it pauses (src/ui/state.rs).
    eventually("the page's URL to keep every choice", || async {
        let query = page.query().await;
        let mut from_url = SetupInput::default();
        from_url.apply_query(query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        if from_url == chosen_options() {
            Ok(())
        } else {
            Err(format!("the URL's query is {query:?}"))
        }
    })
    .await;
    page.close().await;
}
