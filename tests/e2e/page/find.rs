//! Finding things the way a person does: a field by its label, a button or link by its name,
//! a region by its heading.

use fantoccini::elements::Element;
use fantoccini::Locator;
use serde_json::json;

use super::{eventually, xpath_literal, Page};
use ocelot_setup::core::setup::query::parse_query_string;

impl Page {
    /// The first displayed element matching `xpath`, waited for.
    pub async fn displayed(&self, what: &str, xpath: &str) -> Element {
        eventually(what, || async move {
            for element in self.client().find_all(Locator::XPath(xpath)).await.map_err(|e| e.to_string())? {
                if element.is_displayed().await.unwrap_or(false) {
                    return Ok(element);
                }
            }
            Err(format!("nothing displayed matches {xpath}"))
        })
        .await
    }

    /// The input, select or textarea whose visible `<label>` says `label`.
    pub async fn field(&self, label: &str) -> Element {
        let xpath = format!("//label[normalize-space(.)={}]", xpath_literal(label));
        eventually(format!("a field labelled {label:?}"), || async {
            for element in self.client().find_all(Locator::XPath(&xpath)).await.map_err(|e| e.to_string())? {
                if !element.is_displayed().await.unwrap_or(false) {
                    continue;
                }
                let target = element.attr("for").await.map_err(|e| e.to_string())?;
                let target = target.ok_or_else(|| format!("the label {label:?} names no control"))?;
                return self.client().find(Locator::Id(&target)).await.map_err(|e| e.to_string());
            }
            Err("no such label is displayed".to_string())
        })
        .await
    }

    /// The button whose text or accessible name is `name`.
    pub async fn button(&self, name: &str) -> Element {
        let name = xpath_literal(name);
        self.displayed(
            &format!("the button {name}"),
            &format!("//button[normalize-space(.)={name} or @aria-label={name}]"),
        )
        .await
    }

    /// The first displayed link whose text or accessible name is `name`.
    pub async fn link(&self, name: &str) -> Element {
        let name = xpath_literal(name);
        self.displayed(&format!("the link {name}"), &format!("//a[normalize-space(.)={name} or @aria-label={name}]"))
            .await
    }

    /// The stepper's button for the step titled `title`.
    pub async fn step_button(&self, title: &str) -> Element {
        self.displayed(
            &format!("the step {title:?} in the stepper"),
            &format!("//nav[@aria-label='Setup steps']//button[.//*[normalize-space(.)={}]]", xpath_literal(title)),
        )
        .await
    }

    /// A landmark or section named by the heading (or aria-label) `name`.
    pub async fn region(&self, name: &str) -> Element {
        let name = xpath_literal(name);
        self.displayed(
            &format!("the region {name}"),
            &format!("//*[@aria-labelledby = //*[normalize-space(.)={name}]/@id or @aria-label={name}]"),
        )
        .await
    }

    /// The text of the code block captioned `caption`, e.g. "Deploy command".
    pub async fn code(&self, caption: &str) -> String {
        let pre = self
            .displayed(
                &format!("the code block {caption:?}"),
                &format!("//pre[@aria-label={}]", xpath_literal(caption)),
            )
            .await;
        text_content(&pre).await
    }

    /// The template shown in the "Your template" preview.
    pub async fn template(&self) -> String {
        let preview = self.region("Your template").await;
        let pre = preview
            .find(Locator::XPath(".//pre[@aria-label='Template (YAML)']"))
            .await
            .expect("the preview shows the template");
        text_content(&pre).await
    }

    /// The current value of the field labelled `label`.
    pub async fn value(&self, label: &str) -> String {
        self.field(label).await.prop("value").await.ok().flatten().unwrap_or_default()
    }

    /// What a screen reader reads after the field's label: its hint and its message.
    pub async fn description(&self, label: &str) -> String {
        let field = self.field(label).await;
        let script = "return (arguments[0].getAttribute('aria-describedby') || '').split(/\\s+/)\
                      .map(id => document.getElementById(id)).filter(Boolean)\
                      .map(e => e.textContent.trim()).join(' | ');";
        let value = self.client().execute(script, vec![json!(field)]).await.expect("read the field's description");
        value.as_str().unwrap_or_default().to_string()
    }

    /// The text a person sees on the page (CSS-hidden text excluded).
    pub async fn visible_text(&self) -> String {
        let value = self.client().execute("return document.body.innerText;", vec![]).await.expect("read the page");
        value.as_str().unwrap_or_default().to_string()
    }

    /// What every live status region currently says.
    pub async fn announcements(&self) -> Vec<String> {
        let script = "return [...document.querySelectorAll('[role=status], [aria-live]')]\
                      .map(e => e.textContent.trim()).filter(t => t);";
        let value = self.client().execute(script, vec![]).await.expect("read the live regions");
        value.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_string)).collect()
    }

    /// The accessible name of the focused element (its label, aria-label or text).
    pub async fn focused_name(&self) -> String {
        let script = "const e = document.activeElement; if (!e) return '';\
                      const label = e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].textContent)\
                      || e.textContent || ''; return label.replace(/\\s+/g, ' ').trim();";
        let value = self.client().execute(script, vec![]).await.expect("read the focused element");
        value.as_str().unwrap_or_default().to_string()
    }

    /// The address bar.
    pub async fn current_url(&self) -> String {
        self.client().current_url().await.expect("read the page's URL").to_string()
    }

    /// The address bar's query, decoded into pairs.
    pub async fn query(&self) -> Vec<(String, String)> {
        let url = self.current_url().await;
        parse_query_string(url.split_once('?').map_or("", |(_, q)| q))
    }
}

/// All the text of `element`, hidden or not (code blocks scroll).
pub async fn text_content(element: &Element) -> String {
    element.prop("textContent").await.ok().flatten().unwrap_or_default()
}
