//! The template preview: numbered lines equal to the core's template, kept in step by
//! replacing only the lines that change.

use ocelot_setup::core::setup::field::Field;
use ocelot_setup::core::setup::{Setup, SetupInput};
use ocelot_setup::core::template::Template;
use ocelot_setup::highlight::runs;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, Event, HtmlAnchorElement};

use crate::support::{data_url_text, Page};

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

/// Each line element of the preview as its nodes: the class of a coloured run (none for text),
/// and the text.
fn shown_lines(page: &Page) -> Vec<Vec<(Option<String>, String)>> {
    page.find_all("#wz-template .wz-code__line")
        .iter()
        .map(|line| {
            let nodes = line.child_nodes();
            (0..nodes.length())
                .filter_map(|i| nodes.item(i))
                .map(|node| {
                    let class = node.dyn_ref::<Element>().map(Element::class_name);
                    (class, node.text_content().unwrap_or_default())
                })
                .collect()
        })
        .collect()
}

/// What a fresh preview of `template` holds: every line's runs, then its newline.
fn fresh_lines(template: &str) -> Vec<Vec<(Option<String>, String)>> {
    template
        .lines()
        .map(|line| {
            let mut nodes: Vec<_> =
                runs(line).iter().map(|run| (run.class.map(str::to_string), run.text.to_string())).collect();
            nodes.push((None, "\n".to_string()));
            nodes
        })
        .collect()
}

#[wasm_bindgen_test]
async fn after_edits_that_change_add_and_remove_lines_the_preview_is_the_new_template_exactly() {
    let page = Page::open("?repo=octocat/ocelot").await;
    let mut input = SetupInput::for_fork("octocat/ocelot");
    let mut expected = core_template("octocat/ocelot");
    let sub_claim = r#"{"use_default": false, "include_claim_keys": ["repo", "context", "job_workflow_ref"]}"#;
    // Changed lines; ids that add lines (the first alone is refused: the preview keeps the last
    // valid template); a subject claim that changes lines and their colours (a command becomes
    // a quoted string); ids taken away, which removes lines; and back to the start.
    let edits = [
        (Field::Fork, "octocat/ocelot-b"),
        (Field::OwnerId, "583231"),
        (Field::RepoId, "1296269"),
        (Field::SubClaim, sub_claim),
        (Field::Fork, "octocat/ocelot-c"),
        (Field::OwnerId, ""),
        (Field::RepoId, ""),
        (Field::SubClaim, ""),
        (Field::Fork, "octocat/ocelot"),
    ];
    let mut counts = vec![expected.lines().count()];
    for (field, text) in edits {
        page.type_field(field, text).await;
        *input.text_mut(field).unwrap() = text.to_string();
        if let Ok(setup) = Setup::from_input(&input) {
            expected = Template::tailored(&setup).to_yaml();
        }
        assert_eq!(page.template(), expected, "after {field:?} = {text:?}");
        assert_eq!(shown_lines(&page), fresh_lines(&expected), "the runs after {field:?} = {text:?}");
        let numbers: Vec<String> = (1..=expected.lines().count()).map(|n| n.to_string()).collect();
        assert_eq!(page.text(".wz-code__gutter"), numbers.join("\n"), "the gutter after {field:?} = {text:?}");
        counts.push(expected.lines().count());
    }
    assert!(counts.windows(2).any(|w| w[1] > w[0]), "some edit adds lines: {counts:?}");
    assert!(counts.windows(2).any(|w| w[1] < w[0]), "some edit removes lines: {counts:?}");
    assert_eq!(expected, core_template("octocat/ocelot"));
}

#[wasm_bindgen_test]
async fn the_preview_download_holds_the_template_typed_last() {
    let page = Page::open_as_owner("?repo=octocat/ocelot").await;
    let link = || page.find(".wz-preview a[download]").unchecked_into::<HtmlAnchorElement>();
    assert_eq!(data_url_text(&link().href()), core_template("octocat/ocelot"));
    // Before the link can be used, the pointer comes over it or it gets the focus.
    for (fork, event) in [("octocat/ocelot-b", "pointerover"), ("octocat/ocelot-c", "focus")] {
        page.type_field(Field::Fork, fork).await;
        link().dispatch_event(&Event::new(event).unwrap()).unwrap();
        assert_eq!(data_url_text(&link().href()), core_template(fork), "after {event}");
    }
}
