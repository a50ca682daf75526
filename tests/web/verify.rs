//! Step 5: the verification steps and troubleshooting.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::Page;

#[wasm_bindgen_test]
async fn the_verify_step_lists_steps_and_fixes() {
    let page = Page::open("?repo=octocat/ocelot&step=verify").await;
    assert_eq!(page.step_title(), "5. Verify");
    let text = page.page_text();
    assert!(text.contains("Enable Actions"), "{text}");
    assert!(text.contains("Not authorized to perform sts:AssumeRoleWithWebIdentity"), "{text}");
    assert!(page.text(".wz-progress").contains("of"), "{}", page.text(".wz-progress"));
}
