//! The template preview: numbered lines equal to the core's template, kept in step by
//! replacing only the lines that change.

use ocelot_setup::core::setup::field::Field;
use ocelot_setup::core::setup::{Setup, SetupInput};
use ocelot_setup::core::template::Template;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::Page;

fn core_template(fork: &str) -> String {
    Template::tailored(&Setup::from_input(&SetupInput::for_fork(fork)).unwrap()).to_yaml()
}

#[wasm_bindgen_test]
async fn the_preview_is_the_template_a_line_per_element_with_numbers() {
    let page = Page::open("?repo=octocat/ocelot").await;
    let template = core_template("octocat/ocelot");
    assert_eq!(page.template(), template, "the preview's text is the template, newlines included");
    let lines = page.find_all("#wz-template .wz-code__line");
    assert_eq!(lines.len(), template.lines().count());
    for (element, line) in lines.iter().zip(template.lines()) {
        assert_eq!(element.text_content().unwrap(), format!("{line}\n"));
    }
    let numbers = page.text(".wz-code__gutter");
    let expected: Vec<String> = (1..=lines.len()).map(|n| n.to_string()).collect();
    assert_eq!(numbers, expected.join("\n"), "one number per line");
    assert!(page.try_find(".wz-code__gutter[aria-hidden=\"true\"]").is_some(), "screen readers skip the numbers");
    assert!(page.try_find("#wz-template .wz-tok-key").is_some(), "keys are coloured");
}

#[wasm_bindgen_test]
async fn typing_replaces_only_the_lines_that_change() {
    let page = Page::open("?repo=octocat/ocelot").await;
    let before = page.find_all("#wz-template .wz-code__line");
    let old = core_template("octocat/ocelot");
    page.type_field(Field::Fork, "octocat/ocelot-b").await;
    let new = core_template("octocat/ocelot-b");
    assert_eq!(page.template(), new);
    let after = page.find_all("#wz-template .wz-code__line");
    assert_eq!(before.len(), after.len());
    let mut changed = 0;
    for ((was, is), (old_line, new_line)) in before.iter().zip(&after).zip(old.lines().zip(new.lines())) {
        assert!(was.is_same_node(Some(is.unchecked_ref())), "line elements are kept, their content replaced");
        if old_line != new_line {
            changed += 1;
            assert_eq!(is.text_content().unwrap(), format!("{new_line}\n"));
        }
    }
    assert!(changed > 0 && changed < 20, "{changed} lines changed");
}

#[wasm_bindgen_test]
async fn a_choice_that_adds_lines_renumbers_the_gutter() {
    let page = Page::open("?repo=octocat/ocelot").await;
    let count = |page: &Page| page.text(".wz-code__gutter").lines().count();
    let before = count(&page);
    page.type_field(Field::OwnerId, "583231").await;
    page.type_field(Field::RepoId, "1296269").await;
    let lines = page.find_all("#wz-template .wz-code__line").len();
    assert_eq!(count(&page), lines);
    assert_ne!(lines, before, "the ids add lines to the template");
    assert_eq!(page.template().lines().count(), lines);
}
