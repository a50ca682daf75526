//! Step 4: the secrets' values, where to add them, the gh commands, and a checklist that is
//! still ticked after a reload.

use std::process::Command;

use crate::checked_fork;
use crate::page::Page;

const NEW_SECRET: &str = "https://github.com/OctoCat/ocelot/settings/secrets/actions/new";
const NEW_VARIABLE: &str = "https://github.com/OctoCat/ocelot/settings/variables/actions/new";
const ROLE_SECRET: &str = "OTEL_LAMBDA_LAYER_PUBLISH_ROLE_ARN";
const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/ocelot-layer-publisher";

#[tokio::test]
async fn the_secrets_step_gives_values_links_commands_and_keeps_the_checklist() {
    let page = Page::new().await;
    page.open_with(&checked_fork(), Some("secrets")).await;
    page.is_on_step(4, "GitHub secrets").await;
    page.sees("Enter the account id or the role ARN above to get this value.").await;

    page.type_into("AWS account id", "1234-5678-9012").await;
    page.field_accepts("AWS account id", "account id is").await;
    page.does_not_see("Enter the account id or the role ARN above").await;
    page.sees(ROLE_ARN).await;
    page.link_leads_to(&format!("Open the new secret page for {ROLE_SECRET}"), NEW_SECRET).await;
    page.link_leads_to("Open the new variable page for DYNAMODB_REGION", NEW_VARIABLE).await;

    let role_command = page.code(&format!("gh command for {ROLE_SECRET}")).await;
    let table_command = page.code("gh command for DYNAMODB_REGION").await;
    assert_eq!(role_command, format!("gh secret set {ROLE_SECRET} --repo OctoCat/ocelot --body {ROLE_ARN}"));
    assert_eq!(table_command, "gh variable set DYNAMODB_REGION --repo OctoCat/ocelot --body us-east-1");
    let cli = cli_secrets();
    for command in [&role_command, &table_command] {
        assert!(cli.contains(command.as_str()), "the CLI's secrets guide has {command:?}:\n{cli}");
    }

    page.choose(&format!("I added {ROLE_SECRET}")).await;
    page.sees("1 of 2 done").await;
    page.url_holds("account", "1234-5678-9012").await;
    page.reload().await;
    page.is_on_step(4, "GitHub secrets").await;
    page.field_holds("AWS account id", "1234-5678-9012").await;
    page.is_ticked(&format!("I added {ROLE_SECRET}"), true).await;
    page.is_ticked("I added DYNAMODB_REGION", false).await;
    page.sees("1 of 2 done").await;

    page.go_to_step("Verify").await;
    page.is_on_step(5, "Verify").await;
    page.choose("Enable Actions on the fork").await;
    page.sees("1 of 4 done").await;
    page.close().await;
}

fn cli_secrets() -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_ocelot-setup"))
        .args(["secrets", "--repo", "OctoCat/ocelot", "--owner-id", "583231", "--repo-id", "1296269"])
        .args(["--account-id", "1234-5678-9012"])
        .output()
        .expect("run ocelot-setup");
    assert!(output.status.success(), "ocelot-setup secrets failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("the guide is UTF-8")
}
