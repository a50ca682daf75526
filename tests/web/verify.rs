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

/// Component tests serve no worker: a pasted error is explained by it (checked end to end, in
/// tests/e2e/split.rs); here the box says what it is doing, then why no answer comes.
#[wasm_bindgen_test]
async fn without_its_worker_a_pasted_error_says_why_it_is_not_explained() {
    let page = Page::open("?repo=octocat/ocelot&step=verify").await;
    let answer = || page.text(&format!("#{}", ids::DIAGNOSIS));
    assert_eq!(answer(), "");
    page.paste_into(ids::PASTE, "<img src=x onerror=alert(1)>Error: Not authorized").await;
    assert!(answer().contains("Reading the error") || answer().contains("did not load"), "{}", answer());
    for _ in 0..50 {
        if answer().contains("did not load") {
            break;
        }
        pause(std::time::Duration::from_millis(100)).await;
    }
    assert!(answer().contains("explains errors did not load"), "{}", answer());
    assert!(page.find_all(&format!("#{} img", ids::DIAGNOSIS)).is_empty(), "pasted markup became an element");
    page.paste_into(ids::PASTE, "").await;
    assert_eq!(answer(), "");
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
