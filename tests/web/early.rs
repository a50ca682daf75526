//! The early paint (`ui::early`): a shared link's preview filled from the URL into the markup
//! the wizard renders for a shared link, line for line what the wizard then shows.

use ocelot_setup::core::site::TEMPLATE_TIMING;
use ocelot_setup::ui::early::{paint_for, Early, EARLY_CLASS, EARLY_PREVIEW_CLASS};
use ocelot_setup::ui::STATIC_PAINT_CLASS;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use crate::support::{no_reading, Page};

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A static copy as scripts/static_paint.py writes it: the bare page's preview, and in a
/// `<template>` the wizard's preview for a shared link with its gutter and lines emptied.
fn static_copy(shared_preview: &Element) -> Element {
    let skeleton = shared_preview.clone_node_with_deep(true).unwrap().unchecked_into::<Element>();
    skeleton.query_selector(".wz-code__gutter").unwrap().unwrap().set_text_content(None);
    skeleton.query_selector(".wz-code__pre code").unwrap().unwrap().set_text_content(None);
    let copy = document().create_element("div").unwrap();
    copy.set_class_name(&format!("{STATIC_PAINT_CLASS} wz"));
    copy.set_inner_html(&format!(
        "<main class=\"wz-main\"></main><aside class=\"wz-preview\"><p>Enter your fork to see the template made for it.</p></aside>\
         <template class=\"{EARLY_PREVIEW_CLASS}\">{}</template>",
        skeleton.outer_html()
    ));
    document().body().unwrap().append_child(&copy).unwrap();
    copy
}

fn early_preview(copy: &Element) -> Element {
    copy.query_selector("aside").unwrap().unwrap()
}

#[wasm_bindgen_test]
async fn the_early_paint_fills_the_preview_as_the_wizard_shows_it() {
    let link = "?repo=octocat%2Fother&table=team-layers";
    let page = Page::open(link).await;
    let wizard_preview = page.find("aside.wz-preview");
    let copy = static_copy(&wizard_preview);
    document().document_element().unwrap().class_list().remove_1(EARLY_CLASS).unwrap();

    assert_eq!(paint_for(&no_reading(), link), Early::Template);
    let early = early_preview(&copy);
    let part = |root: &Element, selector: &str| root.query_selector(selector).unwrap().unwrap();
    for selector in [".wz-preview__note", ".wz-code__gutter"] {
        let (early, wizard) = (part(&early, selector).text_content(), part(&wizard_preview, selector).text_content());
        assert_eq!(early, wizard, "{selector} says what the wizard's says");
    }
    // Leptos leaves an empty comment where its effect was attached.
    let wizard_lines = part(&wizard_preview, "code").inner_html().replace("<!---->", "");
    let early_lines = part(&early, "code").inner_html();
    assert_eq!(early_lines, wizard_lines, "the lines are the wizard's, element for element");
    // Both time their first paint by their first line (Element Timing, read by `make bench`),
    // and only the template does.
    for root in [&early, &wizard_preview] {
        let timed = root.query_selector_all("[elementtiming]").unwrap();
        assert_eq!(timed.length(), 1, "one timed element in each preview");
        let first = part(root, "code").first_element_child().unwrap();
        assert_eq!(first.get_attribute("elementtiming").as_deref(), Some(TEMPLATE_TIMING), "its first line");
    }
    assert!(page.template().contains("team-layers"), "the link's own template");
    assert!(document().document_element().unwrap().class_list().contains(EARLY_CLASS), "the document is marked");
    copy.remove();
}

#[wasm_bindgen_test]
async fn the_early_paint_leaves_what_it_cannot_show_right() {
    let page = Page::open("?repo=octocat%2Focelot").await;
    let wizard_preview = page.find("aside.wz-preview");
    let root = document().document_element().unwrap();

    // No valid setup in the URL: the bare page's preview is the wizard's too.
    let copy = static_copy(&wizard_preview);
    root.class_list().remove_1(EARLY_CLASS).unwrap();
    assert_eq!(paint_for(&no_reading(), "?repo=octocat%2Fbad%20name"), Early::Empty);
    assert!(early_preview(&copy).text_content().unwrap().contains("Enter your fork"), "the copy's own preview stays");
    assert!(root.class_list().contains(EARLY_CLASS), "and shows");
    copy.remove();

    // An embed or a compact page has no header: the copy stays hidden.
    let copy = static_copy(&wizard_preview);
    root.class_list().remove_1(EARLY_CLASS).unwrap();
    let mut compact = no_reading();
    compact.compact = true;
    assert_eq!(paint_for(&compact, "?repo=octocat%2Focelot"), Early::NotForThisPage);
    assert!(!root.class_list().contains(EARLY_CLASS), "nothing is shown");
    copy.remove();

    // The wizard has taken over (no copy left): nothing to do.
    assert_eq!(paint_for(&no_reading(), "?repo=octocat%2Focelot"), Early::NoCopy);
    assert!(!root.class_list().contains(EARLY_CLASS));
}
