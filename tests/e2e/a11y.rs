//! axe-core on every step, in the states a person sees: empty, with an error, after the
//! GitHub check, and each later step with a complete setup.

use ocelot_setup::core::setup::SetupInput;
use serde_json::{json, Value};

use crate::page::Page;
use crate::{chosen_options, github_stub};

#[tokio::test]
async fn axe_finds_no_violations_on_any_step() {
    let mut page = Page::new().await;
    let axe = axe_source();
    let mut report = Vec::new();

    page.open_as_new_user().await;
    report.extend(audit(&page, &axe, "step 1, empty").await);
    page.type_into("Your fork", "octocat/*").await;
    page.field_refuses("Your fork", "wildcard").await;
    report.extend(audit(&page, &axe, "step 1, with a refused fork").await);
    page.replace_text("Your fork", "octocat/ocelot").await;
    page.sees("exists on GitHub").await;
    report.extend(audit(&page, &axe, "step 1, after the GitHub check").await);
    report.extend(workflows_read(&mut page, &axe, "step 1, after the check read the workflows").await);

    let complete = SetupInput { account_id: "123456789012".into(), ..chosen_options() };
    for (step, title) in [
        ("options", "AWS options"),
        ("deploy", "Template and deploy"),
        ("secrets", "GitHub secrets"),
        ("verify", "Verify"),
    ] {
        page.open_with(&complete, Some(step)).await;
        page.step_button(title).await;
        page.sees(title).await;
        report.extend(audit(&page, &axe, &format!("step {title:?}")).await);
    }
    page.type_into("A failing log or error line", "Error: Not authorized to perform sts:AssumeRoleWithWebIdentity")
        .await;
    page.sees("Why: ").await;
    report.extend(audit(&page, &axe, "step \"Verify\", a pasted error explained").await);
    page.open_with(&SetupInput::for_fork("octocat/ocelot"), Some("secrets")).await;
    page.sees("Enter the account id or the role ARN above to get this value.").await;
    report.extend(audit(&page, &axe, "step \"GitHub secrets\", no account id yet").await);
    page.run_script("document.querySelector('main').append(document.createElement('input'));", vec![]).await;
    let planted = audit(&page, &axe, "a planted unlabelled input").await;
    assert!(
        planted.iter().any(|v| v.contains("label (critical)")),
        "axe-core reports a planted violation: {planted:?}"
    );
    page.close().await;
    assert!(report.is_empty(), "axe-core found violations:\n{}", report.join("\n"));
}

#[tokio::test]
async fn axe_finds_no_violations_in_dark_mode() {
    let mut page = Page::new_dark().await;
    let axe = axe_source();
    let mut report = Vec::new();
    page.open_as_new_user().await;
    let dark = page.run_script("return matchMedia('(prefers-color-scheme: dark)').matches;", vec![]).await;
    assert_eq!(dark, json!(true), "the browser asks for the dark colour scheme");
    page.type_into("Your fork", "octocat/*").await;
    page.field_refuses("Your fork", "wildcard").await;
    report.extend(audit(&page, &axe, "dark, step 1, with a refused fork").await);
    page.replace_text("Your fork", "octocat/ocelot").await;
    page.sees("exists on GitHub").await;
    report.extend(audit(&page, &axe, "dark, step 1, after the GitHub check").await);
    report.extend(workflows_read(&mut page, &axe, "dark, step 1, after the check read the workflows").await);
    let complete = SetupInput { account_id: "123456789012".into(), ..chosen_options() };
    for (step, title) in STEPS {
        page.open_with(&complete, Some(step)).await;
        page.sees(title).await;
        report.extend(audit(&page, &axe, &format!("dark, step {title:?}")).await);
        page.screenshot(&crate::screenshots::dir().join(format!("dark-{step}-1280.png"))).await;
    }
    page.close().await;
    assert!(report.is_empty(), "axe-core found violations in dark mode:\n{}", report.join("\n"));
}

/// The steps after the first, by URL key and title.
const STEPS: [(&str, &str); 4] = [
    ("options", "AWS options"),
    ("deploy", "Template and deploy"),
    ("secrets", "GitHub secrets"),
    ("verify", "Verify"),
];

pub fn axe_source() -> String {
    let tools = std::env::var("OCELOT_TOOLS")
        .unwrap_or_else(|_| format!("{}/.cache/ocelot-setup", std::env::var("HOME").unwrap_or_default()));
    let path = std::path::Path::new(&tools).join("node/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("read {}: {e}; run `bash scripts/setup.sh` to install axe-core", path.display()))
}

/// Runs axe-core on the page as it is; one line per violated rule and element.
pub async fn audit(page: &Page, axe: &str, state: &str) -> Vec<String> {
    let loaded = page.run_script(&format!("{axe}\nreturn typeof axe;"), vec![]).await;
    assert_eq!(loaded, json!("object"), "axe-core loads into the page");
    let script = "const done = arguments[arguments.length - 1];\
                  axe.run(document, { resultTypes: ['violations'] })\
                    .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,\
                      nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: n.failureSummary })) }))))\
                    .catch(e => done({ error: String(e) }));";
    let result = page.run_async_script(script, vec![]).await;
    if let Some(error) = result.get("error") {
        panic!("axe-core failed on {state}: {error}");
    }
    let violations = result.as_array().cloned().unwrap_or_default();
    violations.iter().flat_map(|v| describe(state, v)).collect()
}

fn describe(state: &str, violation: &Value) -> Vec<String> {
    let rule = format!(
        "{} ({}): {}",
        violation["id"].as_str().unwrap_or("?"),
        violation["impact"].as_str().unwrap_or("?"),
        violation["help"].as_str().unwrap_or("?")
    );
    violation["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|node| {
            format!(
                "- {state}: {rule}\n    at {}\n    {}",
                node["target"].as_str().unwrap_or("?"),
                node["summary"].as_str().unwrap_or("").replace('\n', "\n    ")
            )
        })
        .collect()
}

/// The audit of step 1 after a check that read upstream's workflows: changes, decisions, links.
async fn workflows_read(page: &mut Page, axe: &str, state: &str) -> Vec<String> {
    page.use_github(github_stub::with_workflows());
    page.open_as_new_user().await;
    page.type_into("Your fork", "octocat/ocelot").await;
    page.sees("Read 3 of 3 workflow files").await;
    let report = audit(page, axe, state).await;
    page.use_github(github_stub::recorded());
    report
}
