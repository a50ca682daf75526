//! Step 1: the fork, its ids, and the template they shape.

use ocelot_setup::core::setup::field::Field;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::Page;

#[wasm_bindgen_test]
async fn a_wildcard_fork_is_refused_by_name() {
    let page = Page::open("").await;
    page.type_field(Field::Fork, "octocat/*").await;
    let message = page.message(Field::Fork);
    assert!(message.contains("wildcard"), "message: {message}");
    assert!(page.try_find("#wz-template").is_none(), "no template for a refused fork");
}

#[wasm_bindgen_test]
async fn a_fork_url_clears_the_message_and_shapes_the_template() {
    let page = Page::open("").await;
    page.type_field(Field::Fork, "octocat/*").await;
    page.type_field(Field::Fork, "https://github.com/octocat/ocelot.git").await;
    assert_eq!(page.message(Field::Fork), "");
    let template = page.template();
    assert!(template.contains("Default: octocat"), "{template}");
    assert!(template.contains("repo:${GitHubOwner}/${GitHubRepo}:ref:*"), "{template}");
    assert!(!template.contains("${GitHubOwnerId}"), "no id subject without ids");
    assert!(page.preview_note().contains("octocat/ocelot"), "{}", page.preview_note());
}

#[wasm_bindgen_test]
async fn ids_add_the_immutable_subject() {
    let page = Page::open("").await;
    page.type_field(Field::Fork, "octocat/ocelot").await;
    page.type_field(Field::OwnerId, "583231").await;
    page.type_field(Field::RepoId, "1296269").await;
    assert_eq!(page.message(Field::OwnerId), "");
    assert_eq!(page.message(Field::RepoId), "");
    let template = page.template();
    assert!(
        template.contains("repo:${GitHubOwner}@${GitHubOwnerId}/${GitHubRepo}@${GitHubRepoId}:ref:*"),
        "{template}"
    );
    assert!(template.contains("Default: '583231'"), "{template}");
    assert!(template.contains("Default: '1296269'"), "{template}");
}

#[wasm_bindgen_test]
async fn a_non_numeric_id_is_refused() {
    let page = Page::open("").await;
    page.type_field(Field::Fork, "octocat/ocelot").await;
    page.type_field(Field::OwnerId, "octocat").await;
    page.type_field(Field::RepoId, "1296269").await;
    assert_ne!(page.message(Field::OwnerId), "");
    assert_eq!(page.message(Field::RepoId), "");
}

#[wasm_bindgen_test]
async fn one_id_alone_asks_for_the_other() {
    let page = Page::open("").await;
    page.type_field(Field::Fork, "octocat/ocelot").await;
    page.type_field(Field::OwnerId, "583231").await;
    let message = page.message(Field::RepoId);
    assert!(message.contains("repository id is missing"), "the empty id says it is missing: {message:?}");
    assert!(page.preview_note().contains("last valid"), "{}", page.preview_note());
}

#[wasm_bindgen_test]
async fn markup_in_the_fork_stays_text() {
    let page = Page::open("").await;
    let scripts_before = leptos::prelude::document().query_selector_all("script").unwrap().length();
    page.type_field(Field::Fork, "<script>alert(1)</script>").await;
    assert_ne!(page.message(Field::Fork), "", "the fork is refused");
    assert!(page.try_find("script").is_none(), "no script element in the wizard");
    assert_eq!(leptos::prelude::document().query_selector_all("script").unwrap().length(), scripts_before);
    assert_eq!(page.value(Field::Fork), "<script>alert(1)</script>");
}

#[wasm_bindgen_test]
async fn a_pasted_customised_template_shapes_the_trust_and_says_how_to_reset_it() {
    let page = Page::open("").await;
    page.type_field(Field::Fork, "octocat/ocelot").await;
    let text = page.page_text();
    assert!(text.contains("gh api repos/octocat/ocelot/actions/oidc/customization/sub"), "the command names the fork");
    page.type_field(Field::SubClaim, "{\"use_default\": false,\n \"include_claim_keys\": [\"repo\", \"context\"]}")
        .await;
    assert_eq!(page.message(Field::SubClaim), "");
    let template = page.template();
    assert!(template.contains("repo:${GitHubOwner}/${GitHubRepo}:context:ref:*"), "{template}");
    let text = page.page_text();
    assert!(
        text.contains("gh api -X PUT repos/octocat/ocelot/actions/oidc/customization/sub -F use_default=true"),
        "the notice gives the reset command: {text}"
    );
    page.type_field(Field::SubClaim, "").await;
    assert!(page.template().contains("repo:${GitHubOwner}/${GitHubRepo}:ref:*"), "empty is the default again");
}

#[wasm_bindgen_test]
async fn a_bad_answer_is_refused_and_pasted_markup_stays_text() {
    let page = Page::open("").await;
    page.type_field(Field::Fork, "octocat/ocelot").await;
    page.type_field(Field::SubClaim, r#"{"use_default": true, "subject": "x"}"#).await;
    let message = page.message(Field::SubClaim);
    assert!(message.contains("the member \"subject\""), "{message}");
    let markup = "<img src=x onerror=alert(1)><b>bold</b>";
    page.type_field(Field::SubClaim, markup).await;
    assert!(page.message(Field::SubClaim).contains("is not JSON"), "{}", page.message(Field::SubClaim));
    assert!(page.try_find("img").is_none() && page.try_find("b").is_none(), "no element from the paste");
    assert_eq!(page.value(Field::SubClaim), markup);
}

#[wasm_bindgen_test]
async fn with_the_reading_off_nothing_is_read_and_the_page_says_what_it_assumes() {
    let page = Page::open("").await;
    assert!(!page.checked("#wz-github-reading"), "the page turned the reading off");
    page.type_field(Field::Fork, "octocat/ocelot").await;
    let text = page.page_text();
    assert!(text.contains("Reading from GitHub is off."), "{text}");
    assert!(text.contains("the setup assumes secret OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN"), "{text}");
    let button =
        page.find_all("button").into_iter().find(|b| b.text_content().unwrap_or_default() == "Read from GitHub");
    assert!(button.expect("the read button").has_attribute("disabled"), "nothing is sent while the reading is off");
}

#[wasm_bindgen_test]
async fn a_fork_from_a_link_waits_for_its_owner_before_the_deploy_commands() {
    let page = Page::open("?repo=someone-else/ocelot&step=deploy").await;
    let text = page.page_text();
    assert!(text.contains("A link chose the fork someone-else/ocelot."), "{text}");
    assert!(page.try_find("a[download='ocelot-setup.yaml']").is_none(), "no download before the confirmation");
    page.click_button("This is my fork").await;
    assert!(page.try_find("a[download='ocelot-setup.yaml']").is_some(), "the download after it");
    assert!(page.page_text().contains("Deploy command"), "{}", page.page_text());
}

#[wasm_bindgen_test]
async fn a_link_announces_its_fork_as_github_spells_it_and_a_refused_one_only_at_the_field() {
    let page = Page::open("?repo=https%3A%2F%2Fgithub.com%2Fsomeone-else%2Focelot.git").await;
    let text = page.page_text();
    assert!(text.contains("The link you opened chose the fork someone-else/ocelot."), "{text}");

    let long = format!("someone-else/{}", "x".repeat(6_000));
    let page = Page::open(&format!("?repo={long}")).await;
    let text = page.page_text();
    assert!(!text.contains("chose the fork"), "a refused fork is not announced: {:.300}", text);
    let message = page.message(Field::Fork);
    assert!(message.contains("6,000 characters is too long") && message.chars().count() < 200, "{message}");
    assert!(!text.contains(&"x".repeat(100)), "the 6,000 characters are repeated somewhere but the field");
}
