//! The whole wizard by keyboard alone: Tab to a control, type, Enter or Space to act.

use fantoccini::key::Key;

use crate::page::Page;

#[tokio::test]
async fn the_whole_wizard_works_by_keyboard() {
    let page = Page::new().await;
    page.open_blank().await;

    page.tab_to("Your fork", 10).await;
    page.type_keys("octocat/ocelot").await;
    page.field_holds("Your fork", "octocat/ocelot").await;
    // The page was opened with the reading off: turning it on reads the fork typed.
    page.tab_to("Read my fork from GitHub", 3).await;
    page.press(Key::Space).await;
    page.sees("OctoCat/ocelot exists on GitHub.").await;
    page.tab_to("Next: AWS options", 15).await;
    page.press(Key::Enter).await;

    page.is_on_step(2, "AWS options").await;
    assert_eq!(page.focused_name().await, "2. AWS options", "Next moves the focus to the new step's heading");
    page.tab_to("Any branch or tag of the fork (recommended)", 5).await;
    page.press(Key::Down).await;
    page.is_ticked("One branch", true).await;
    page.tab_to("Branch name", 5).await;
    page.type_keys("main").await;
    page.template_has(":ref:refs/heads/${TrustedBranch}'").await;
    page.tab_to("Let the role delete old layers (cleanup)", 20).await;
    page.press(Key::Space).await;
    page.template_has("lambda:DeleteLayerVersion").await;
    page.tab_to("Next: Template and deploy", 20).await;
    page.press(Key::Space).await;

    page.is_on_step(3, "Template and deploy").await;
    page.tab_to("Copy deploy command", 40).await;
    page.press(Key::Enter).await;
    page.announces("Copied to the clipboard").await;
    page.tab_to("Next: GitHub secrets", 40).await;
    page.press(Key::Enter).await;

    page.is_on_step(4, "GitHub secrets").await;
    page.tab_to("AWS account id", 5).await;
    page.type_keys("123456789012").await;
    page.sees("arn:aws:iam::123456789012:role/ocelot-layer-publisher").await;
    page.tab_to("I added OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN", 20).await;
    page.press(Key::Space).await;
    page.sees("1 of 2 done").await;
    page.tab_to("Next: Verify", 40).await;
    page.press(Key::Enter).await;
    page.is_on_step(5, "Verify").await;
    page.close().await;
}
