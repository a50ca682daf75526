//! Step 3: the deploy command copies to the clipboard, and the downloaded template is byte for
//! byte what the CLI prints for the same choices.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::chosen_options;
use crate::page::{eventually, Page};

#[tokio::test]
async fn the_deploy_command_copies_and_the_download_equals_the_cli_output() {
    let page = Page::new().await;
    page.open_with(&chosen_options(), Some("deploy")).await;
    page.is_on_step(3, "Template and deploy").await;

    let command = page.code("Deploy command").await;
    assert!(command.starts_with("aws cloudformation deploy"), "the deploy command: {command}");
    assert!(command.contains("--capabilities CAPABILITY_NAMED_IAM"), "the deploy command: {command}");
    page.click_button("Copy deploy command").await;
    page.button_shows("Copy deploy command", "Copied").await;
    page.announces("Copied to the clipboard").await;
    assert_eq!(page.paste_into_new_text_area().await, command, "what pasting gives after the copy");

    let cli = cli_template();
    page.click_link("Download ocelot-setup.yaml").await;
    let downloaded = wait_for_download(page.downloads(), "ocelot-setup.yaml").await;
    assert_eq!(String::from_utf8_lossy(&downloaded), cli, "the downloaded template equals the CLI's");

    let preview = page.region("Your template").await;
    let link = preview
        .find(fantoccini::Locator::XPath(".//a[normalize-space(.)='Download ocelot-setup.yaml']"))
        .await
        .expect("the preview has its own download link");
    link.click().await.expect("click the preview's download link");
    let again = wait_for_download(page.downloads(), "ocelot-setup (1).yaml").await;
    assert_eq!(String::from_utf8_lossy(&again), cli, "the preview's download equals the CLI's");
    page.close().await;
}

/// `ocelot-setup template` for the same choices as [`chosen_options`].
fn cli_template() -> String {
    cli_template_with(&[
        "--repo",
        "OctoCat/ocelot",
        "--owner-id",
        "583231",
        "--repo-id",
        "1296269",
        "--scope",
        "branch:main",
        "--existing-provider",
        "--allow-cleanup",
        "--preset",
        "seed",
    ])
}

/// `ocelot-setup template` with `args`.
pub fn cli_template_with(args: &[&str]) -> String {
    let output =
        Command::new(env!("CARGO_BIN_EXE_ocelot-setup")).arg("template").args(args).output().expect("run ocelot-setup");
    assert!(output.status.success(), "ocelot-setup template failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("the template is UTF-8")
}

/// The bytes of `name` in `dir` once Chromium has finished writing it.
pub async fn wait_for_download(dir: &Path, name: &str) -> Vec<u8> {
    let file: PathBuf = dir.join(name);
    eventually(format!("the download {}", file.display()), || async {
        let partial = std::fs::read_dir(dir)
            .map_err(|e| e.to_string())?
            .flatten()
            .any(|entry| entry.path().extension().is_some_and(|e| e == "crdownload"));
        match std::fs::read(&file) {
            Ok(bytes) if !partial && !bytes.is_empty() => Ok(bytes),
            _ => Err(format!("the directory holds {:?}", std::fs::read_dir(dir).map(|d| d.count()))),
        }
    })
    .await
}
