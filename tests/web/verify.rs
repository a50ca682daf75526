//! Step 5: the verification steps and troubleshooting.

use wasm_bindgen_test::wasm_bindgen_test;

use ocelot_setup::ui::ids;

use crate::support::{pause, Page};

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

/// Component tests serve no worker: the check workflow's block says it is on the way, then
/// that it could not load, never an empty hole (its content is checked end to end, in
/// tests/e2e/split.rs).
#[wasm_bindgen_test]
async fn without_its_worker_the_check_workflow_says_why_it_is_missing() {
    let page = Page::open("?repo=octocat/ocelot&preset=seed&step=verify").await;
    let section = || page.text("section[aria-labelledby='wz-check-title']");
    assert!(section().contains("Writing the check workflow for this setup"), "{}", section());
    for _ in 0..50 {
        if section().contains("did not load") {
            break;
        }
        pause(std::time::Duration::from_millis(100)).await;
    }
    assert!(section().contains("did not load") && section().contains("Everything else works"), "{}", section());
    assert!(page.try_find("a[download='ocelot-setup-check.yml']").is_none());
    assert!(page.code("Doctor script").contains("OCELOT_REGION"), "the rest of the step works");
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
