//! Step 5: the verification steps and troubleshooting.

use wasm_bindgen_test::wasm_bindgen_test;

use ocelot_setup::ui::ids;

use crate::support::{data_url_text, Page};

#[wasm_bindgen_test]
async fn the_verify_step_lists_steps_and_fixes() {
    let page = Page::open("?repo=octocat/ocelot&step=verify").await;
    assert_eq!(page.step_title(), "5. Verify");
    let text = page.page_text();
    assert!(text.contains("Enable Actions"), "{text}");
    assert!(text.contains("Not authorized to perform sts:AssumeRoleWithWebIdentity"), "{text}");
    assert!(page.text(".wz-progress").contains("of"), "{}", page.text(".wz-progress"));
}

#[wasm_bindgen_test]
async fn a_pasted_error_is_explained_for_this_setup_and_shown_as_text() {
    let page = Page::open("?repo=octocat/ocelot&step=verify").await;
    assert!(page.try_find(".wz-diagnosis").is_none());
    let pasted = "<img src=x onerror=alert(1)>Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity";
    page.paste_into(ids::PASTE, pasted).await;
    let finding = page.find(".wz-diagnosis");
    assert_eq!(finding.get_attribute("data-failure").as_deref(), Some("assume-role-denied"));
    let text = page.text(&format!("#{}", ids::DIAGNOSIS));
    assert!(text.contains("<img src=x"), "the pasted line is shown as text: {text}");
    assert!(text.contains("repo:octocat/ocelot"), "the cause names this fork's subject: {text}");
    assert!(page.find_all(&format!("#{} img", ids::DIAGNOSIS)).is_empty(), "pasted markup became an element");
    assert!(text.contains("Go to the check workflow"), "the fix points to the wizard's own controls: {text}");
    assert!(!text.contains("ocelot-setup check-workflow"), "no CLI command in the wizard's answer: {text}");

    page.paste_into(ids::PASTE, "<b>everything</b> is fine").await;
    assert!(page.try_find(".wz-diagnosis").is_none());
    let text = page.text(&format!("#{}", ids::DIAGNOSIS));
    assert!(text.contains("Not recognised") && text.contains("<b>everything</b> is fine"), "{text}");
    assert!(page.find_all(&format!("#{} b", ids::DIAGNOSIS)).is_empty(), "pasted markup became an element");

    page.paste_into(ids::PASTE, "").await;
    assert_eq!(page.text(&format!("#{}", ids::DIAGNOSIS)), "");
}

#[wasm_bindgen_test]
async fn the_check_workflow_downloads_as_the_cli_prints_it() {
    let page = Page::open("?repo=octocat/ocelot&preset=seed&step=verify").await;
    let link = page.find("a[download='ocelot-setup-check.yml']");
    let yaml = data_url_text(&link.get_attribute("href").unwrap());
    assert!(yaml.contains("workflow_dispatch"), "{yaml}");
    assert!(yaml.contains("id-token: write"), "{yaml}");
    assert!(yaml.contains("secrets.AWS_ROLE_TO_ASSUME"), "{yaml}");
    assert!(page.page_text().contains("gh workflow run ocelot-setup-check.yml"), "{}", page.page_text());
}

#[wasm_bindgen_test]
async fn the_doctor_and_the_teardown_are_made_for_this_setup() {
    let page = Page::open("?repo=octocat/ocelot&region=eu-west-1&preset=seed&step=verify").await;
    let doctor = page.code("Doctor script");
    assert!(doctor.contains("OCELOT_REGION:-eu-west-1"), "{doctor}");
    assert!(doctor.contains("ocelot-layer-publisher"), "{doctor}");
    assert!(doctor.contains("'Nothing was read from the fork, so the setup assumes upstream'"), "{doctor}");
    assert!(doctor.contains("'  role secret AWS_ROLE_TO_ASSUME: not upstream'"), "{doctor}");
    let teardown = page.text("#wz-teardown");
    assert!(teardown.contains("delete-stack"), "{teardown}");
    assert!(teardown.contains("PublishedCustomCollectorExtensionLayers"), "{teardown}");
}
