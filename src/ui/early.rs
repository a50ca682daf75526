//! The early paint: a shared link's template on screen before the wizard's wasm has arrived.
//!
//! The bare page paints from static HTML (scripts/static_paint.py), but that copy is wrong for
//! a URL with setup state but for its header, so index.html's head script hides the rest of it
//! there and, where the preview stands beside the step, in the first screen
//! ([`WIDE_LAYOUT`](crate::core::site::WIDE_LAYOUT)), loads this small module (the bin
//! `ocelot-setup-early`: the core's template and the preview's lines, no Leptos) beside the
//! wizard's. It fills the copy's preview from the URL with the wizard's own functions
//! ([`Config::input_from`], [`ready_note`], [`gutter`], [`append_line`]) into the markup the
//! wizard itself rendered at build time for a shared link (a `<template>` in the copy), and marks
//! the document with [`EARLY_CLASS`]: the stylesheet then shows the copy's preview beside its
//! header and keeps the stepper's and the steps' places empty, as only the wizard can show them
//! right.
//! The wizard removes the copy in the task that mounts it, as on the bare page; if the wizard
//! runs first, this does nothing.

use leptos::prelude::document;
use wasm_bindgen::JsCast;

use crate::core::setup::query::parse_query_string;
use crate::core::setup::Setup;
use crate::core::site::TEMPLATE_TIMING;
use crate::core::template::Template;
use crate::ui::components::{append_line, gutter, time_paint, CODE_CLASS, GUTTER_CLASS};
use crate::ui::preview::{ready_note, NOTE_CLASS};
use crate::ui::{browser, ids, mark, mark_template_shown, Config, STATIC_PAINT_CLASS};

/// The class the early paint puts on `<html>` once it has filled the static copy.
pub const EARLY_CLASS: &str = "wz-early";
/// The class of the `<template>` in the static copy that holds the preview as the wizard shows
/// it for a valid setup (scripts/static_paint.py renders it from a shared link at build time,
/// the gutter and the lines left empty).
pub const EARLY_PREVIEW_CLASS: &str = "wz-early-preview";
/// The shared link scripts/static_paint.py renders at build time for [`EARLY_PREVIEW_CLASS`]:
/// any valid fork (its lines are emptied), and the reading off (no request at build time).
pub const PREVIEW_LINK: &str = "?repo=octocat%2Focelot&github=off";
/// The `performance.mark` set when the early paint has filled the copy.
pub const EARLY_MARK: &str = "ocelot-setup:early-paint";

/// What the early paint did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Early {
    /// The wizard runs already, or the page has no static copy: nothing to do.
    NoCopy,
    /// The copy's header would be wrong (`embed` or `compact` drop it): the copy stays hidden.
    NotForThisPage,
    /// The URL holds no valid setup: the copy's own preview (enter your fork) is the wizard's.
    Empty,
    /// The preview shows the URL's template.
    Template,
}

/// Fills the static copy from this page's URL and shows it (see the module's docs), once the
/// page is parsed: the head script loads this module, and the copy ends the body.
pub fn paint() {
    let document = document();
    if document.ready_state() != "loading" {
        paint_now();
        return;
    }
    // "interactive" comes when the parser is done, before the deferred scripts (the wizard's
    // loader) run; DOMContentLoaded waits for them.
    let parsed = wasm_bindgen::closure::Closure::once_into_js(|| {
        paint_now();
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    let _ = document.add_event_listener_with_callback_and_add_event_listener_options(
        "readystatechange",
        parsed.unchecked_ref(),
        &options,
    );
}

fn paint_now() -> Early {
    let host = document().get_element_by_id(ids::HOST);
    let config = Config::read(host.as_ref());
    paint_for(&config, &browser::location_search())
}

/// [`paint`] for `config` and the URL query `search`.
pub fn paint_for(config: &Config, search: &str) -> Early {
    let document = document();
    let Ok(Some(copy)) = document.query_selector(&format!(".{STATIC_PAINT_CLASS}")) else {
        return Early::NoCopy;
    };
    if config.compact || config.embed {
        return Early::NotForThisPage;
    }
    let input = config.input_from(&parse_query_string(search));
    let early = match Setup::from_input(&input) {
        Ok(setup) => {
            let yaml = Template::tailored(&setup).to_yaml();
            match fill(&copy, &setup, &yaml) {
                Some(()) => Early::Template,
                // A build whose copy lacks the markup: better the wizard's paint than a wrong one.
                None => return Early::NoCopy,
            }
        }
        Err(_) => Early::Empty,
    };
    if let Some(root) = document.document_element() {
        let _ = root.class_list().add_1(EARLY_CLASS);
    }
    mark(EARLY_MARK);
    if early == Early::Template {
        mark_template_shown();
    }
    early
}

/// Puts the preview of `yaml` in place of the copy's own (the bare page's, which has none).
fn fill(copy: &web_sys::Element, setup: &Setup, yaml: &str) -> Option<()> {
    let template = copy.query_selector(&format!("template.{EARLY_PREVIEW_CLASS}")).ok()??;
    let content = template.dyn_into::<web_sys::HtmlTemplateElement>().ok()?.content();
    let preview =
        content.first_element_child()?.clone_node_with_deep(true).ok()?.dyn_into::<web_sys::Element>().ok()?;
    let part = |class: &str| preview.query_selector(&format!(".{class}")).ok().flatten();
    part(NOTE_CLASS)?.set_text_content(Some(&ready_note(setup)));
    part(GUTTER_CLASS)?.set_text_content(Some(&gutter(yaml.lines().count())));
    let code = part(CODE_CLASS)?.query_selector("code").ok()??;
    code.set_text_content(None);
    yaml.lines().for_each(|line| append_line(&code, line, None));
    time_paint(&code, TEMPLATE_TIMING);
    // The copy's own preview (a template's content is not among the copy's descendants).
    let own = copy.query_selector(&preview.tag_name().to_ascii_lowercase()).ok()??;
    own.replace_with_with_node_1(&preview).ok()
}
