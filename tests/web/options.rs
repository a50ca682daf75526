//! Step 2: trust scope, provider, permissions, preset, region and names.

use ocelot_setup::core::setup::field::Field;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::Page;

const OPTIONS: &str = "?repo=octocat/ocelot&step=options";

#[wasm_bindgen_test]
async fn the_stepper_reaches_the_options() {
    let page = Page::open("?repo=octocat/ocelot").await;
    page.click_button("AWS options").await;
    assert_eq!(page.step_title(), "2. AWS options");
    assert!(page.checked("#wz-scope-any"));
}

#[wasm_bindgen_test]
async fn one_branch_trusts_only_that_branch() {
    let page = Page::open(OPTIONS).await;
    page.click("#wz-scope-branch").await;
    page.type_field(Field::Scope, "main").await;
    assert_eq!(page.message(Field::Scope), "");
    let template = page.template();
    assert!(template.contains("refs/heads/"), "{template}");
    assert!(template.contains("TrustedBranch"), "{template}");
    assert!(template.contains("Default: main"), "{template}");
    assert!(template.contains("StringEquals"), "{template}");
    assert!(!template.contains("StringLike"), "{template}");
    assert!(!template.contains(":ref:*"), "{template}");
}

#[wasm_bindgen_test]
async fn reusing_the_provider_drops_it_from_the_template() {
    let page = Page::open(OPTIONS).await;
    assert!(page.template().contains("AWS::IAM::OIDCProvider"));
    page.click("#wz-provider-reuse").await;
    assert!(!page.template().contains("AWS::IAM::OIDCProvider"), "{}", page.template());
}

#[wasm_bindgen_test]
async fn permissions_follow_the_boxes() {
    let page = Page::open(OPTIONS).await;
    assert!(page.template().contains("lambda:AddLayerVersionPermission"));
    assert!(!page.template().contains("lambda:DeleteLayerVersion"));
    page.click("#wz-public").await;
    assert!(!page.checked("#wz-public"));
    assert!(!page.template().contains("lambda:AddLayerVersionPermission"), "{}", page.template());
    page.click("#wz-cleanup").await;
    assert!(page.checked("#wz-cleanup"));
    assert!(page.template().contains("lambda:DeleteLayerVersion"), "{}", page.template());
}

#[wasm_bindgen_test]
async fn upstreams_names_are_the_default_and_the_seed_preset_changes_them() {
    let page = Page::open(OPTIONS).await;
    let placeholder = |field: Field| page.find(&format!("#wz-{}", field.key())).get_attribute("placeholder");
    assert!(page.template().contains("Default: ocelot-layers"), "{}", page.template());
    assert_eq!(placeholder(Field::RoleSecret).as_deref(), Some("OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN"));
    page.click("#wz-preset-seed").await;
    let template = page.template();
    assert!(template.contains("Default: PublishedCustomCollectorExtensionLayers"), "{template}");
    assert!(!template.contains("ocelot-layers"), "{template}");
    // The advanced fields' placeholders show the defaults of the preset now chosen.
    assert_eq!(placeholder(Field::Table).as_deref(), Some("PublishedCustomCollectorExtensionLayers"));
    assert_eq!(placeholder(Field::RoleSecret).as_deref(), Some("AWS_ROLE_TO_ASSUME"));
}

#[wasm_bindgen_test]
async fn a_china_region_keeps_the_partition_variable() {
    let page = Page::open(OPTIONS).await;
    page.choose(Field::Region, "cn-north-1").await;
    assert_eq!(page.value(Field::Region), "cn-north-1");
    let template = page.template();
    assert!(template.contains("${AWS::Partition}"), "{template}");
    assert!(!template.contains("arn:aws:"), "no hard-coded partition: {template}");
    assert!(page.preview_note().contains("cn-north-1"), "{}", page.preview_note());
}

#[wasm_bindgen_test]
async fn an_invalid_table_keeps_the_last_valid_template() {
    let page = Page::open(OPTIONS).await;
    page.type_field(Field::Table, "my-layers").await;
    assert!(page.template().contains("Default: my-layers"));
    page.type_field(Field::Table, "my layers!").await;
    let message = page.message(Field::Table);
    assert!(!message.is_empty(), "the table name is refused");
    assert!(page.template().contains("Default: my-layers"), "{}", page.template());
    assert!(page.preview_note().contains("last valid"), "{}", page.preview_note());
    assert!(page.try_find(".wz-preview__code--stale").is_some());
}
