//! The page as it ships: under its Content-Security-Policy (header and `<meta>`) a whole pass
//! breaks no rule, asks no other origin and loads only assets with Subresource Integrity; a
//! wasm changed on the way does not run (standalone or inline); and once loaded it works with
//! its server gone.

use serde_json::{json, Value};

use crate::deploy::{cli_template_with, wait_for_download};
use crate::page::Page;
use crate::{github_stub, server};

/// Records every `securitypolicyviolation` from now on, in `window.e2eViolations`.
const LISTEN: &str = "window.e2eViolations = window.e2eViolations || [];\
    document.addEventListener('securitypolicyviolation', e =>\
      window.e2eViolations.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || '(inline)') + ' at ' + e.sourceFile + ':' + e.lineNumber));";

async fn violations(page: &Page) -> Value {
    page.run_script("return window.e2eViolations;", vec![]).await
}

#[tokio::test]
async fn a_full_pass_under_the_content_security_policy_breaks_none_of_its_rules() {
    // The check reads the fork's workflows too: every request of the pass answers 200.
    let page = Page::with_github(github_stub::with_workflows()).await;
    page.open_as_new_user().await;
    page.run_script(LISTEN, vec![]).await;

    // Not a load: a data: URL, or a fragment of the page itself (the head's render-blocking
    // `<link rel="expect" href="#...">`, which waits for the static copy to be parsed).
    let unguarded = page
        .run_script(
            "return [...document.querySelectorAll('script[src], link[href]')]\
               .filter(e => !/^(data:|#)/.test(e.getAttribute('href') || '') && !e.integrity)\
               .map(e => e.outerHTML);",
            vec![],
        )
        .await;
    assert_eq!(unguarded, json!([]), "every script and stylesheet, module or wasm the page loads carries integrity");
    let policy = page
        .run_script("return document.querySelector('meta[http-equiv=Content-Security-Policy]').content;", vec![])
        .await;
    assert!(policy.as_str().is_some_and(|p| p.contains("default-src 'none'")), "the page carries its CSP: {policy}");

    page.type_into("Your fork", "octocat/ocelot").await;
    page.sees("OctoCat/ocelot exists on GitHub.").await;
    page.sees("Read 3 of 3 workflow files on main").await;
    page.click_button("Next: AWS options").await;
    page.is_on_step(2, "AWS options").await;
    page.choose("One branch").await;
    page.type_into("Branch name", "main").await;
    page.choose("Let the role delete old layers (cleanup)").await;
    page.click_button("Next: Template and deploy").await;
    page.is_on_step(3, "Template and deploy").await;
    page.click_button("Copy deploy command").await;
    page.button_shows("Copy deploy command", "Copied").await;
    page.click_button("Copy the template").await;
    page.click_link("Download ocelot-setup.yaml").await;
    let downloaded = wait_for_download(page.downloads(), "ocelot-setup.yaml").await;
    assert!(String::from_utf8_lossy(&downloaded).contains("AWSTemplateFormatVersion"), "the download is a template");
    page.click_button("Next: GitHub secrets").await;
    page.is_on_step(4, "GitHub secrets").await;
    page.type_into("AWS account id", "123456789012").await;
    page.sees("arn:aws:iam::123456789012:role/ocelot-layer-publisher").await;
    let copy_value = page
        .displayed(
            "a copy button for a secret's value",
            "//button[starts-with(normalize-space(.), 'Copy the value of') or starts-with(@aria-label, 'Copy the value of')]",
        )
        .await;
    copy_value.click().await.expect("copy a secret's value");
    page.announces("Copied to the clipboard").await;
    page.click_button("Next: Verify").await;
    page.is_on_step(5, "Verify").await;

    assert_eq!(violations(&page).await, json!([]), "securitypolicyviolation events during the pass");
    let origins = page
        .run_script(
            "return [location.href, ...performance.getEntriesByType('resource').map(e => e.name)]\
               .filter(n => new URL(n).hostname !== '127.0.0.1');",
            vec![],
        )
        .await;
    assert_eq!(origins, json!([]), "requests to anything but this machine (the site and the GitHub stub)");
    let wasm = page
        .run_script(
            "return performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm')).map(e => e.name);",
            vec![],
        )
        .await;
    assert_eq!(wasm.as_array().map(Vec::len), Some(1), "the wasm is fetched once (preload and loader agree): {wasm}");
    let bad = console_problems(&page).await;
    page.close().await;
    assert!(bad.is_empty(), "console errors or CSP messages (from the very first load on): {bad:#?}");
}

/// The browser console's errors and CSP messages since the last look (warnings are printed).
pub async fn console_problems(page: &Page) -> Vec<Value> {
    let log = page.console_log().await;
    for entry in log.iter().filter(|e| e["level"] == "WARNING") {
        eprintln!("console warning (allowed): {}", entry["message"]);
    }
    log.into_iter()
        .filter(|entry| {
            let message = entry["message"].as_str().unwrap_or_default();
            entry["level"] == "SEVERE" || message.contains("Content Security Policy")
        })
        .collect()
}

#[tokio::test]
async fn once_loaded_the_wizard_works_with_its_server_gone() {
    let mut site = server::start();
    let mut github = github_stub::recorded_private();
    let mut page = Page::with_github(&github.url()).await;
    page.use_site(&site.url());
    page.open_blank().await;
    site.stop();
    github.stop();
    let answer = page
        .run_async_script(
            "const done = arguments[arguments.length - 1];\
             fetch(location.href, { cache: 'no-store' }).then(() => done('answered'), () => done('refused'));",
            vec![],
        )
        .await;
    assert_eq!(answer, json!("refused"), "the site's server is gone");

    page.type_into("Your fork", "octocat/ocelot").await;
    page.template_has("Default: octocat").await;
    page.click_button("Next: AWS options").await;
    page.is_on_step(2, "AWS options").await;
    page.choose("Let the role delete old layers (cleanup)").await;
    page.click_button("Next: Template and deploy").await;
    page.is_on_step(3, "Template and deploy").await;
    page.click_link("Download ocelot-setup.yaml").await;
    let downloaded = wait_for_download(page.downloads(), "ocelot-setup.yaml").await;
    let cli = cli_template_with(&["--repo", "octocat/ocelot", "--allow-cleanup"]);
    assert_eq!(String::from_utf8_lossy(&downloaded), cli, "the download, offline, equals the CLI's template");
    page.click_button("Next: GitHub secrets").await;
    page.is_on_step(4, "GitHub secrets").await;
    page.type_into("AWS account id", "123456789012").await;
    page.sees("arn:aws:iam::123456789012:role/ocelot-layer-publisher").await;
    page.click_button("Next: Verify").await;
    page.is_on_step(5, "Verify").await;

    page.go_to_step("Your fork").await;
    page.is_on_step(1, "Your fork").await;
    page.choose("Read my fork from GitHub").await;
    // The worker that reads the fork is fetched once it is needed: with the server gone, the
    // page says it could not load, and the rest went on working above.
    page.sees("The part of this page that reads your fork, writes the check workflow and explains errors did not load")
        .await;
    page.sees("Everything else works").await;
    page.close().await;
}

#[tokio::test]
async fn a_wasm_changed_on_the_way_does_not_run() {
    let site = server::start_tampered();
    let mut page = Page::new().await;
    page.use_site(&site.url());
    for path in ["/", crate::docs_site::INLINE] {
        page.open_page(path, "").await;
        refuses_the_wasm(&page, path).await;
    }
    page.close().await;
}

async fn refuses_the_wasm(page: &Page, path: &str) {
    crate::page::eventually(format!("the browser to refuse the changed wasm on {path}"), || async {
        let log = page.console_log().await;
        let refused = log.iter().any(|e| {
            let message = e["message"].as_str().unwrap_or_default();
            message.contains("integrity") && message.contains(".wasm") && e["level"] == "SEVERE"
        });
        if refused {
            Ok(())
        } else {
            Err(format!("the console says {log:?}"))
        }
    })
    .await;
    // The bare page's static copy (`.wz-static`) is there before any wasm runs.
    let started = page.run_script("return document.querySelector('.wz:not(.wz-static)') !== null;", vec![]).await;
    assert_eq!(started, json!(false), "on {path} the wizard does not start on a wasm that fails its integrity check");
}
