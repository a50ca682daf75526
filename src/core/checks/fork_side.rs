//! The doctor's checks of the fork's side, with the GitHub CLI when it is installed and logged
//! in: every secret the setup lists exists (names only: GitHub never shows a value), and the
//! region variable holds the table's region. Without gh, each is a SKIP that says why.

use crate::core::checks::script::{pass, word, OUT, WHY};
use crate::core::checks::workflow::REGION;
use crate::core::guide::{secret_entries, SecretEntry, SecretKind, SecretValue, ROLE_ARN_PLACEHOLDER};
use crate::core::setup::{Choice, Setup};
use crate::core::shell;

/// The first words of an entry's line: `secret NAME` or `variable NAME`.
fn check_name(entry: &SecretEntry) -> String {
    format!("{} {}", entry.kind.as_str(), entry.name)
}

/// The bash word of an entry's fix: its `gh ... set` command with the value the script knows
/// (the role ARN as found, the region checked) in place of the one the setup knows.
fn set_command(entry: &SecretEntry) -> String {
    let known = shell::quote(entry.value.as_deref().unwrap_or(ROLE_ARN_PLACEHOLDER)).into_owned();
    let prefix = entry.command.strip_suffix(&known).unwrap_or(&entry.command);
    match entry.holds {
        SecretValue::RoleArn => format!("{}\"${{role_arn:-{ROLE_ARN_PLACEHOLDER}}}\"", shell::quote(prefix)),
        SecretValue::Region => format!("{}\"$region\"", shell::quote(prefix)),
        SecretValue::TableName => shell::quote(&entry.command).into_owned(),
    }
}

/// `check_github`: one line per secret and variable of [`secret_entries`].
pub(crate) fn check_github(setup: &Setup) -> String {
    let unknown = Setup { role_arn: None, ..setup.clone() };
    let entries = secret_entries(&unknown);
    let fork = setup.fork.to_string();
    let unchecked: String = entries
        .iter()
        .map(|e| {
            let page = e.url.strip_suffix("/new").unwrap_or(&e.url);
            format!(
                "    skip {}\"$reason\"{}\n",
                word(&format!("{}: not checked: ", check_name(e))),
                word(&format!("; compare with {page}"))
            )
        })
        .collect();
    let mut secrets = String::new();
    let mut variables = String::new();
    for entry in &entries {
        let name = check_name(entry);
        let fix = set_command(entry);
        match entry.kind {
            SecretKind::Secret => secrets.push_str(&format!(
                "    if has_line \"$listed\" {upper}; then\n      {present}\n    else\n      fail {missing} {fix}\n    fi\n",
                upper = shell::quote(&entry.name.to_ascii_uppercase()),
                present = pass(&format!("{name}: set in {fork} (GitHub shows no value)")),
                missing = word(&format!("{name}: not set in {fork}, and the workflows read it")),
            )),
            SecretKind::Variable => variables.push_str(&format!(
                r#"  if ! gh_run variable get {name_word} --repo {fork_word}; then
    fail {missing} {fix}
  elif [ "$out" != "$region" ]; then
    fail {wrong} {fix}
  else
    {right}
  fi
"#,
                name_word = shell::quote(&entry.name),
                fork_word = shell::quote(&fork),
                missing = word(&format!("{name}: not set in {fork} ({WHY}), and the workflows read the table's region from it")),
                wrong = word(&format!("{name}: holds {OUT}, but the table is in {REGION}")),
                right = pass(&format!("{name}: {REGION}, the table's region")),
            )),
        }
    }
    format!(
        r#"check_github() {{
  local check listed reason="" secrets=({secret_names})
  if ! command -v gh >/dev/null 2>&1; then
    reason={no_gh}
  elif ! gh auth status >/dev/null 2>&1; then
    reason={logged_out}
  fi
  if [ -n "$reason" ]; then
{unchecked}    return
  fi
  if gh_run secret list --repo {fork_word}; then
    # gh prints NAME<TAB>UPDATED; GitHub keeps secret names in capitals.
    listed=$(while IFS=$'\t' read -r check _; do printf '%s\n' "${{check^^}}"; done <<<"$out")
{secrets}  else
    for check in "${{secrets[@]}}"; do
      fail "$check"{unlisted} {unlisted_fix}
    done
  fi
{variables}}}
"#,
        no_gh = word("gh (the GitHub CLI) is not installed here"),
        logged_out = word("gh is not logged in (gh auth login)"),
        fork_word = shell::quote(&fork),
        secret_names = entries
            .iter()
            .filter(|e| e.kind == SecretKind::Secret)
            .map(|e| shell::quote(&check_name(e)).into_owned())
            .collect::<Vec<_>>()
            .join(" "),
        unlisted = word(&format!(": cannot list the secrets of {fork} with gh ({WHY})")),
        unlisted_fix = word(&format!(
            "check the fork's name, and that gh is logged in as someone who may change the settings of {fork} (gh auth status)"
        )),
    )
}
