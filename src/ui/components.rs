//! The wizard's building blocks: a field (label, hint, input, message), radio groups,
//! copy buttons and code blocks. Classes are `wz-` prefixed so no style leaks in or out.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::core::setup::field::Field;
use crate::highlight::{runs, Splice};
use crate::ui::browser::{self, Copied};
use crate::ui::ids;
use crate::ui::state::Wizard;

/// A text input bound to a field of the setup, its refusal shown under it as the person types.
#[component]
pub fn TextField(
    /// The field it edits.
    field: Field,
    /// One line on why the field matters, when its declared hint is not the right words here.
    #[prop(optional, into)]
    hint: Option<String>,
    /// Shown while empty, for a field without a default; a field with one shows its default,
    /// which may follow the preset.
    #[prop(optional, into)]
    placeholder: Option<&'static str>,
    /// The label, when the field's own label is not the right words here.
    #[prop(optional, into)]
    label: Option<String>,
    /// A text area of this many rows, for pasted text (0, the default, is one line).
    #[prop(optional)]
    rows: u32,
) -> impl IntoView {
    let wizard = expect_context::<Wizard>();
    let error = Memo::new(move |_| wizard.error(field));
    let input_id = ids::input(field);
    let message_id = ids::message(field);
    let hint_id = format!("{input_id}-hint");
    let described_by = format!("{hint_id} {message_id}");
    let control = text_control(field, rows, placeholder, input_id.clone(), described_by, error);
    view! {
        <div class="wz-field" class:wz-field--error=move || error.with(Option::is_some)>
            <label class="wz-field__label" for=input_id.clone()>
                {label.unwrap_or_else(|| field.label().to_string())}
            </label>
            <p class="wz-field__hint" id=hint_id.clone()>
                {hint.unwrap_or_else(|| field.hint().to_string())}
            </p>
            {control}
            <p class="wz-field__message" id=message_id aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}

/// The input (or, with `rows`, the text area) of a [`TextField`]: bound to the field, described
/// by its hint and message, invalid while `error` holds a refusal.
fn text_control(
    field: Field,
    rows: u32,
    placeholder: Option<&'static str>,
    input_id: String,
    described_by: String,
    error: Memo<Option<String>>,
) -> AnyView {
    let wizard = expect_context::<Wizard>();
    let invalid = move || if error.with(Option::is_some) { "true" } else { "false" };
    let value = move || wizard.input.with(|i| i.text(field).unwrap_or_default().to_string());
    // Text is only ever a value, never markup, in either control.
    if rows > 0 {
        view! {
            <textarea
                class="wz-field__input wz-field__input--area"
                id=input_id
                rows=rows
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                placeholder=placeholder.unwrap_or_default()
                aria-describedby=described_by
                aria-invalid=invalid
                prop:value=value
                on:input=move |ev| wizard.set_text(field, event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                class="wz-field__input"
                id=input_id
                type="text"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                placeholder=move || {
                    wizard.input.with(|i| field.default_text(i.preset)).or(placeholder).unwrap_or_default()
                }
                aria-describedby=described_by
                aria-invalid=invalid
                prop:value=value
                on:input=move |ev| wizard.set_text(field, event_target_value(&ev))
            />
        }
        .into_any()
    }
}

/// One option of a [`RadioGroup`].
#[derive(Clone)]
pub struct RadioOption {
    /// The value the option stands for.
    pub value: &'static str,
    /// Its label.
    pub label: &'static str,
    /// One line on why to pick it.
    pub hint: String,
}

/// A fieldset of radio buttons.
#[component]
pub fn RadioGroup(
    /// The question.
    legend: &'static str,
    /// The input group's name (also the id prefix).
    name: &'static str,
    /// The options.
    options: Vec<RadioOption>,
    /// The value chosen.
    #[prop(into)]
    selected: Signal<&'static str>,
    /// Called with the value picked.
    on_pick: Callback<&'static str>,
) -> impl IntoView {
    view! {
        <fieldset class="wz-choice">
            <legend class="wz-choice__legend">{legend}</legend>
            {options
                .into_iter()
                .map(|option| {
                    let id = format!("wz-{name}-{}", option.value);
                    let value = option.value;
                    view! {
                        <div class="wz-choice__option">
                            <input
                                class="wz-choice__input"
                                type="radio"
                                id=id.clone()
                                name=format!("wz-{name}")
                                value=value
                                aria-describedby=format!("{id}-hint")
                                prop:checked=move || selected.get() == value
                                on:change=move |_| on_pick.run(value)
                            />
                            <label class="wz-choice__label" for=id.clone()>
                                {option.label}
                            </label>
                            <p class="wz-choice__hint" id=format!("{id}-hint")>
                                {option.hint}
                            </p>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// A checkbox with a label and a one-line hint.
#[component]
pub fn Checkbox(
    /// Its id.
    id: &'static str,
    /// Its label.
    label: &'static str,
    /// One line on what it means.
    #[prop(into)]
    hint: String,
    /// Whether it is ticked.
    #[prop(into)]
    checked: Signal<bool>,
    /// Called with the new state.
    on_toggle: Callback<bool>,
) -> impl IntoView {
    view! {
        <div class="wz-check">
            <input
                class="wz-check__input"
                type="checkbox"
                id=id
                aria-describedby=format!("{id}-hint")
                prop:checked=move || checked.get()
                on:change=move |ev| on_toggle.run(event_target_checked(&ev))
            />
            <label class="wz-check__label" for=id>
                {label}
            </label>
            <p class="wz-check__hint" id=format!("{id}-hint")>
                {hint}
            </p>
        </div>
    }
}

/// A button that copies `text`, saying so where screen readers hear it.
#[component]
pub fn CopyButton(
    /// What to copy.
    #[prop(into)]
    text: Signal<String>,
    /// The accessible name, e.g. "Copy the deploy command".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let state = RwSignal::new(None::<Copied>);
    let click = move |_| {
        let text = text.get_untracked();
        spawn_local(async move {
            let copied = browser::copy_text(&text).await;
            state.set(Some(copied));
            set_timeout(move || state.set(None), Duration::from_millis(2500));
        });
    };
    let caption = move || match state.get() {
        None => "Copy",
        Some(Copied::Clipboard | Copied::Fallback) => "Copied",
        Some(Copied::Failed) => "Select and copy by hand",
    };
    view! {
        <button type="button" class="wz-button wz-button--small" aria-label=label.clone() title=label on:click=click>
            <span aria-hidden="true">{caption}</span>
        </button>
        <span class="wz-visually-hidden" role="status">
            {move || match state.get() {
                Some(Copied::Clipboard | Copied::Fallback) => "Copied to the clipboard",
                Some(Copied::Failed) => "Copying was refused: select the text and copy it by hand",
                None => "",
            }}
        </span>
    }
}

/// How a [`CodeBlock`] colours its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// The template: numbered, coloured lines.
    Yaml,
    /// Commands: plain text.
    Shell,
}

/// A captioned block of code with a copy button.
#[component]
pub fn CodeBlock(
    /// The caption, also the copy button's subject.
    #[prop(into)]
    caption: String,
    /// The text.
    #[prop(into)]
    text: Signal<String>,
    /// How to show it.
    language: Language,
    /// The DOM id of the `<pre>`.
    #[prop(optional)]
    id: &'static str,
    /// The `elementtiming` identifier of the first line of a YAML block (see [`time_paint`]).
    #[prop(optional)]
    timing: &'static str,
) -> impl IntoView {
    let copy_label = format!("Copy {}", caption.to_ascii_lowercase());
    let id = (!id.is_empty()).then_some(id);
    let code = match language {
        Language::Shell => view! {
            <pre class=CODE_CLASS tabindex="0" aria-label=caption.clone() id=id>
                <code>{move || text.get()}</code>
            </pre>
        }
        .into_any(),
        // Line numbers in a gutter of their own (one text node, rewritten only when the number
        // of lines changes) and one element per line, kept in step by `yaml_lines`.
        Language::Yaml => {
            let count = Memo::new(move |_| text.with(|t| t.lines().count()));
            let numbers = move || gutter(count.get());
            view! {
                <div class="wz-code__frame">
                    <pre class=GUTTER_CLASS aria-hidden="true">{numbers}</pre>
                    <pre class=CODE_CLASS tabindex="0" aria-label=caption.clone() id=id>
                        <code use:yaml_lines=(text, timing)></code>
                    </pre>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <figure class="wz-code">
            <figcaption class="wz-code__caption">
                <span>{caption}</span>
                <CopyButton text=text label=copy_label />
            </figcaption>
            {code}
        </figure>
    }
}

/// Keeps the lines of `code` (a `<code>` element) equal to `text`, from the moment it is built:
/// one element per line, one node per run of a line (coloured runs a `<span>`, text nodes only,
/// never parsed as HTML). A change touches only what it changes: the lines between those the
/// two versions share at both ends ([`Splice`]) are compared pairwise, a changed line whose runs
/// keep their colours gets only its changed runs' text (a keystroke in the fork is then a few
/// text nodes, as in a plain `<pre>`), and lines are removed or inserted for the difference.
/// The first lines are timed as `timing` when it is not empty ([`time_paint`]).
fn yaml_lines(code: web_sys::Element, (text, timing): (Signal<String>, &'static str)) {
    let effect = RenderEffect::new(move |previous: Option<String>| {
        text.with(|new| {
            match previous {
                Some(old) => patch_lines(&code, &old, new),
                None => {
                    new.lines().for_each(|line| append_line(&code, line, None));
                    time_paint(&code, timing);
                }
            }
            new.clone()
        })
    });
    // The effect lives as long as the component that built the element.
    StoredValue::new_local(effect);
}

fn patch_lines(code: &web_sys::Element, old: &str, new: &str) {
    let (old, new): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let splice = Splice::between(&old, &new);
    let elements = code.children();
    let common = splice.old_len.min(splice.new_len);
    for index in splice.at..splice.at + common {
        if old[index] != new[index] {
            if let Some(element) = elements.item(index as u32) {
                patch_line(&element, old[index], new[index]);
            }
        }
    }
    let end = splice.at + common;
    for _ in common..splice.old_len {
        if let Some(element) = elements.item(end as u32) {
            element.remove();
        }
    }
    let before = elements.item(end as u32);
    for line in &new[end..splice.at + splice.new_len] {
        append_line(code, line, before.as_ref());
    }
}

/// The class of a code block's `<pre>` (its `<code>` holds the text).
pub const CODE_CLASS: &str = "wz-code__pre";
/// The class of the YAML block's gutter of line numbers.
pub const GUTTER_CLASS: &str = "wz-code__gutter";

/// The gutter's text for `count` lines: their numbers, one a line.
pub fn gutter(count: usize) -> String {
    (1..=count).map(|n| n.to_string()).collect::<Vec<_>>().join("\n")
}

/// Names the first line of `code` for Chromium's Element Timing (`elementtiming`), which then
/// reports when it was first painted: all lines are put in at once, so that is when the block
/// was. Text is timed by the block that holds it, and each line is a block: a `<pre>` or
/// `<code>` would not be reported. Nothing when `identifier` is empty.
pub fn time_paint(code: &web_sys::Element, identifier: &str) {
    if let (false, Some(first)) = (identifier.is_empty(), code.first_element_child()) {
        let _ = first.set_attribute("elementtiming", identifier);
    }
}

/// Puts `line` (a YAML line, highlighted) into `code` as a line element, before `before` or last.
pub fn append_line(code: &web_sys::Element, line: &str, before: Option<&web_sys::Element>) {
    let Ok(element) = document().create_element("span") else { return };
    element.set_class_name("wz-code__line");
    fill_line(&element, line);
    let _ = code.insert_before(&element, before.map(|b| b.as_ref()));
}

/// The runs of `line` as nodes, and its newline, so the element's text is the line.
fn fill_line(element: &web_sys::Element, line: &str) {
    for run in runs(line) {
        match run.class {
            Some(class) => {
                if let Ok(span) = document().create_element("span") {
                    span.set_class_name(class);
                    span.set_text_content(Some(run.text));
                    let _ = element.append_child(&span);
                }
            }
            None => {
                let _ = element.append_with_str_1(run.text);
            }
        }
    }
    let _ = element.append_with_str_1("\n");
}

/// Turns the line element of `old` into that of `new`: the changed runs' text when the runs
/// keep their colours, else the line anew.
fn patch_line(element: &web_sys::Element, old: &str, new: &str) {
    let (old_runs, new_runs) = (runs(old), runs(new));
    let same_colours =
        old_runs.len() == new_runs.len() && old_runs.iter().zip(&new_runs).all(|(o, n)| o.class == n.class);
    if !same_colours {
        element.set_text_content(None);
        fill_line(element, new);
        return;
    }
    let mut node = element.first_child();
    for (o, n) in old_runs.iter().zip(&new_runs) {
        let Some(current) = node else { return };
        if o.text != n.text {
            current.set_text_content(Some(n.text));
        }
        node = current.next_sibling();
    }
}

/// Text whose `backticked` parts are code, as the core writes commands inside sentences.
pub fn rich_text(text: &str) -> impl IntoView {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = part.to_string();
            if i % 2 == 1 {
                view! { <code>{part}</code> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}
