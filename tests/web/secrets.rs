//! Step 4: the GitHub secrets and their checklist.

use ocelot_setup::core::setup::field::Field;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{stored, Page, CHECKLIST_PREFIX};

const SECRETS: &str = "?repo=octocat/ocelot&step=secrets";

#[wasm_bindgen_test]
async fn without_the_account_id_the_values_ask_for_it() {
    let page = Page::open(SECRETS).await;
    assert_eq!(page.step_title(), "4. GitHub secrets");
    assert!(page.page_text().contains("Enter the account id or the role ARN"), "{}", page.page_text());
}

#[wasm_bindgen_test]
async fn the_account_id_gives_the_values_and_commands() {
    let page = Page::open(SECRETS).await;
    page.type_field(Field::AccountId, "123456789012").await;
    assert_eq!(page.message(Field::AccountId), "");
    let text = page.page_text();
    assert!(text.contains("arn:aws:iam::123456789012:role/ocelot-layer-publisher"), "{text}");
    assert!(text.contains("DYNAMODB_REGION"), "{text}");
    assert!(!text.contains("Enter the account id or the role ARN"), "{text}");
    let all = page.code("All at once with gh");
    assert!(all.contains("gh secret set"), "{all}");
    assert!(all.contains("octocat/ocelot"), "{all}");
}

#[wasm_bindgen_test]
async fn a_short_account_id_is_refused_by_name() {
    let page = Page::open(SECRETS).await;
    page.type_field(Field::AccountId, "12345").await;
    let message = page.message(Field::AccountId);
    assert!(message.contains("12 digits") || message.contains("exactly 12"), "{message}");
}

#[wasm_bindgen_test]
async fn ticking_the_checklist_counts_and_persists() {
    let page = Page::open(SECRETS).await;
    page.type_field(Field::AccountId, "123456789012").await;
    assert!(page.text(".wz-progress").contains("0 of 2 done"), "{}", page.text(".wz-progress"));
    page.click(".wz-secret input[type=checkbox]").await;
    assert!(page.text(".wz-progress").contains("1 of 2 done"), "{}", page.text(".wz-progress"));
    let saved = stored(&format!("{CHECKLIST_PREFIX}octocat/ocelot")).expect("the checklist is saved");
    assert!(saved.contains("secret:"), "{saved}");
    drop(page);

    let page = Page::reopen(SECRETS).await;
    page.type_field(Field::AccountId, "123456789012").await;
    assert!(page.checked(".wz-secret input[type=checkbox]"), "a later visit finds the box ticked");
    assert!(page.text(".wz-progress").contains("1 of 2 done"), "{}", page.text(".wz-progress"));
}
