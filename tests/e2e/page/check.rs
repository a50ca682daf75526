//! What a person expects to see; each check waits for it, then fails saying what was there.

use super::{eventually, Page};

impl Page {
    /// The page shows `text` somewhere.
    pub async fn sees(&self, text: &str) {
        eventually(format!("the page to show {text:?}"), || async {
            let shown = self.visible_text().await;
            if shown.contains(text) {
                Ok(())
            } else {
                Err(format!("it shows:\n{shown}"))
            }
        })
        .await
    }

    /// The page does not show `text` (any more).
    pub async fn does_not_see(&self, text: &str) {
        eventually(format!("the page to stop showing {text:?}"), || async {
            let shown = self.visible_text().await;
            if shown.contains(text) {
                Err(format!("it shows:\n{shown}"))
            } else {
                Ok(())
            }
        })
        .await
    }

    /// The wizard is on the step titled `title`, and the stepper says so.
    pub async fn is_on_step(&self, number: usize, title: &str) {
        self.displayed(
            &format!("the heading of step {number}, {title:?}"),
            &format!("//h2[normalize-space(.)='{number}. {title}']"),
        )
        .await;
        let current = self.step_button(title).await.attr("aria-current").await.ok().flatten();
        assert_eq!(current.as_deref(), Some("step"), "the stepper marks {title:?} as the current step");
    }

    /// The field labelled `label` holds `expected`.
    pub async fn field_holds(&self, label: &str, expected: &str) {
        eventually(format!("the field {label:?} to hold {expected:?}"), || async {
            let value = self.value(label).await;
            if value == expected {
                Ok(())
            } else {
                Err(format!("it holds {value:?}"))
            }
        })
        .await
    }

    /// The field labelled `label` is marked invalid and its message says `text`.
    pub async fn field_refuses(&self, label: &str, text: &str) {
        eventually(format!("the field {label:?} to say {text:?}"), || async {
            let invalid = self.field(label).await.attr("aria-invalid").await.ok().flatten();
            let description = self.description(label).await;
            if invalid.as_deref() == Some("true") && description.contains(text) {
                Ok(())
            } else {
                Err(format!("aria-invalid is {invalid:?} and it says {description:?}"))
            }
        })
        .await
    }

    /// The field labelled `label` is accepted, and its message no longer says `text`.
    pub async fn field_accepts(&self, label: &str, text: &str) {
        eventually(format!("the field {label:?} to be accepted"), || async {
            let invalid = self.field(label).await.attr("aria-invalid").await.ok().flatten();
            let description = self.description(label).await;
            if invalid.as_deref() != Some("true") && !description.contains(text) {
                Ok(())
            } else {
                Err(format!("aria-invalid is {invalid:?} and it says {description:?}"))
            }
        })
        .await
    }

    /// The template preview contains `text`.
    pub async fn template_has(&self, text: &str) {
        eventually(format!("the template preview to contain {text:?}"), || async {
            let template = self.template().await;
            if template.contains(text) {
                Ok(())
            } else {
                Err(format!("it is:\n{template}"))
            }
        })
        .await
    }

    /// The template preview does not contain `text`.
    pub async fn template_lacks(&self, text: &str) {
        eventually(format!("the template preview to lose {text:?}"), || async {
            let template = self.template().await;
            if template.contains(text) {
                Err(format!("it is:\n{template}"))
            } else {
                Ok(())
            }
        })
        .await
    }

    /// A live region (what a screen reader announces) says `text`.
    pub async fn announces(&self, text: &str) {
        eventually(format!("a live region to announce {text:?}"), || async {
            let said = self.announcements().await;
            if said.iter().any(|s| s.contains(text)) {
                Ok(())
            } else {
                Err(format!("they say {said:?}"))
            }
        })
        .await
    }

    /// The link named `name` leads to `href`.
    pub async fn link_leads_to(&self, name: &str, href: &str) {
        let actual = self.link(name).await.attr("href").await.ok().flatten();
        assert_eq!(actual.as_deref(), Some(href), "where the link {name:?} leads");
    }

    /// The button named `name` shows `caption` (its visible text, the name staying the same).
    pub async fn button_shows(&self, name: &str, caption: &str) {
        eventually(format!("the button {name:?} to show {caption:?}"), || async {
            let shown = self.button(name).await.text().await.map_err(|e| e.to_string())?;
            if shown.trim() == caption {
                Ok(())
            } else {
                Err(format!("it shows {shown:?}"))
            }
        })
        .await
    }

    /// The checkbox labelled `label` is ticked (`true`) or not.
    pub async fn is_ticked(&self, label: &str, ticked: bool) {
        eventually(format!("the checkbox {label:?} to be {}", if ticked { "ticked" } else { "clear" }), || async {
            let selected = self.field(label).await.is_selected().await.map_err(|e| e.to_string())?;
            if selected == ticked {
                Ok(())
            } else {
                Err(format!("it is {}", if selected { "ticked" } else { "clear" }))
            }
        })
        .await
    }

    /// Waits until the page's URL holds `key=value` (the wizard writes typing into the URL once
    /// it pauses).
    pub async fn url_holds(&self, key: &str, value: &str) {
        eventually(format!("the page's URL to hold {key}={value}"), || async {
            let query = self.query().await;
            if query.iter().any(|(k, v)| k == key && v == value) {
                Ok(())
            } else {
                Err(format!("its query is {query:?}"))
            }
        })
        .await;
    }
}
