//! Moving between steps, and the URL as the wizard's state.

use ocelot_setup::core::setup::field::Field;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{query_param, url_written, Page};

#[wasm_bindgen_test]
async fn next_with_an_empty_fork_stays_and_says_why() {
    let page = Page::open("").await;
    assert_eq!(page.message(Field::Fork), "", "no error before Next");
    page.click_button("Next: AWS options").await;
    assert_eq!(page.step_title(), "1. Your fork");
    let message = page.message(Field::Fork);
    assert!(!message.is_empty(), "the fork field says what is missing");
    assert!(page.try_find(".wz-field--error #wz-repo").is_some(), "the fork field is marked");
}

#[wasm_bindgen_test]
async fn a_stepper_jump_past_an_invalid_fork_lands_on_the_fork() {
    let page = Page::open("").await;
    page.click_button("GitHub secrets").await;
    assert_eq!(page.step_title(), "1. Your fork");
    assert_ne!(page.message(Field::Fork), "");
}

#[wasm_bindgen_test]
async fn next_with_a_valid_fork_moves_on() {
    let page = Page::open("").await;
    page.type_field(Field::Fork, "octocat/ocelot").await;
    page.click_button("Next: AWS options").await;
    assert_eq!(page.step_title(), "2. AWS options");
    assert_eq!(query_param("step").as_deref(), Some("options"));
    page.click_button("Back").await;
    assert_eq!(page.step_title(), "1. Your fork");
    assert_eq!(query_param("step"), None);
}

#[wasm_bindgen_test]
async fn typing_writes_the_url_once_it_pauses() {
    let page = Page::open("").await;
    page.type_field(Field::Fork, "octocat/ocelot").await;
    assert_eq!(query_param("repo"), None, "not on every keystroke");
    url_written().await;
    assert_eq!(query_param("repo").as_deref(), Some("octocat/ocelot"));
    page.type_field(Field::OwnerId, "583231").await;
    url_written().await;
    assert_eq!(query_param("owner_id").as_deref(), Some("583231"));
    page.type_field(Field::OwnerId, "").await;
    url_written().await;
    assert_eq!(query_param("owner_id"), None, "defaults stay out of the URL");
}

#[wasm_bindgen_test]
async fn typing_then_leaving_the_step_writes_the_url_at_once() {
    let page = Page::open("").await;
    page.type_field(Field::Fork, "octocat/ocelot").await;
    page.click_button("Next: AWS options").await;
    assert_eq!(query_param("repo").as_deref(), Some("octocat/ocelot"));
    assert_eq!(query_param("step").as_deref(), Some("options"));
}

#[wasm_bindgen_test]
async fn a_query_restores_the_inputs() {
    let page = Page::open("?repo=octocat/ocelot&owner_id=583231&repo_id=1296269").await;
    assert_eq!(page.value(Field::Fork), "octocat/ocelot");
    assert_eq!(page.value(Field::OwnerId), "583231");
    assert_eq!(page.value(Field::RepoId), "1296269");
    assert!(page.template().contains("Default: '583231'"), "{}", page.template());
}

#[wasm_bindgen_test]
async fn a_query_restores_the_options() {
    let page = Page::open(
        "?repo=octocat/ocelot&step=options&region=eu-west-1&table=my-layers&provider=reuse&scope=branch:main",
    )
    .await;
    assert_eq!(page.step_title(), "2. AWS options");
    assert_eq!(page.value(Field::Region), "eu-west-1");
    assert_eq!(page.value(Field::Table), "my-layers");
    assert_eq!(page.value(Field::Scope), "main");
    assert!(page.checked("#wz-provider-reuse"));
    assert!(page.checked("#wz-scope-branch"));
    let template = page.template();
    assert!(template.contains("Default: my-layers"), "{template}");
    assert!(!template.contains("AWS::IAM::OIDCProvider"), "{template}");
}
