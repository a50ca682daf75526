//! What a finished [`Reader`] gives the setup: GitHub's facts applied to the input, then the
//! workflows read, inspected and followed.

use super::contents::Reader;
use super::{ReadError, RepoFacts};
use crate::core::setup::field::Field;
use crate::core::setup::SetupInput;
use crate::core::workflows::findings::Findings;
use crate::core::workflows::findings::Problem;
use crate::core::workflows::{read_fork, Followed, Notice};

/// The check's result for the wizard.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    /// What GitHub says about the repository.
    pub facts: RepoFacts,
    /// The branch the workflows were read from, for links to their lines.
    pub git_ref: String,
    /// The input with the facts and the workflows' findings applied, what changed and what the
    /// user must decide (each conflict once).
    pub followed: Followed,
    /// What the workflows read and do.
    pub findings: Findings,
    /// What will fail in the workflows as written.
    pub problems: Vec<Problem>,
    /// Files skipped, missing or refused.
    pub notices: Vec<Notice>,
    /// What was read, with the request count.
    pub summary: String,
    /// Why the reading stopped before the end, if it did: what was read is still followed.
    pub stopped: Option<String>,
}

impl Reader {
    /// The outcome for `input`: GitHub's spelling and ids, then [`follow`] of what was read.
    /// `Err` when GitHub gave no facts about the repository.
    pub fn outcome(&self, input: &SetupInput) -> Result<Outcome, ReadError> {
        let facts = match (&self.facts, &self.stopped) {
            (Some(facts), _) => facts.clone(),
            (None, Some(error)) => return Err(error.clone()),
            (None, None) => return Err(ReadError::Unreachable("the reading did not finish".into())),
        };
        let mut input = input.clone();
        input.fork = facts.fork.to_string();
        input.owner_id = facts.ids.owner_id.to_string();
        input.repo_id = facts.ids.repo_id.to_string();
        let reading = read_fork(&self.files, &input);
        let (findings, followed) = (reading.findings, reading.followed);
        let mut notices = self.notices.clone();
        notices.extend(findings.notices.iter().filter(|n| !notices.contains(n)).cloned().collect::<Vec<_>>());
        Ok(Outcome {
            git_ref: self.git_ref().unwrap_or("HEAD").to_string(),
            facts,
            followed,
            problems: findings.problems.clone(),
            findings,
            notices,
            summary: self.summary(),
            stopped: self.stopped.as_ref().map(stopped_text),
        })
    }
}

/// Why the workflows were not all read, and what the user can do: the repository's facts are
/// in, so the ids need no typing (unlike [`ReadError`]'s own advice).
fn stopped_text(error: &ReadError) -> String {
    let cause = match error {
        ReadError::RateLimited(reset) => format!(
            "GitHub's rate limit for unauthenticated requests is spent{}",
            reset.as_ref().map(|t| format!(" until {t}")).unwrap_or_default()
        ),
        ReadError::Unreachable(why) => format!("GitHub could not be reached ({why})"),
        ReadError::Status(status) => format!("GitHub answered with status {status}"),
        ReadError::BadBody(why) => format!("GitHub's answer could not be read ({why})"),
        ReadError::NotFound(_) => "GitHub no longer finds the repository".to_string(),
    };
    format!("{cause}, so not every workflow file was read. What was read is followed below; check again later for the rest.")
}

/// Whether choosing `value` for `field` leaves `input` as it is: the option already applied.
pub fn is_chosen(input: &SetupInput, field: Field, value: &str) -> bool {
    let mut probe = input.clone();
    probe.set_value(field, value);
    probe == *input
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::github::contents::{Answer, WORKFLOWS};
    use crate::core::setup::values::Fork;
    use crate::core::setup::SecretPreset;

    const REPO: &str =
        r#"{"id": 42, "full_name": "OctoCat/Ocelot", "owner": {"id": 7}, "fork": true, "default_branch": "dev"}"#;

    fn answer(status: u16, body: &str) -> Answer {
        Answer { status, remaining: Some("9".into()), reset: None, body: body.into() }
    }

    fn reader(answers: &[Answer]) -> Reader {
        let mut reader = Reader::new("http://127.0.0.1:9", Fork::parse("octocat/ocelot").unwrap());
        for a in answers {
            reader.answer(a, |t| t.to_string());
        }
        reader
    }

    #[test]
    fn no_workflows_keeps_upstreams_names_and_sets_the_facts() {
        let typed = SetupInput { region: "eu-west-1".into(), ..SetupInput::for_fork("octocat/ocelot") };
        let outcome = reader(&[answer(200, REPO), answer(404, "")]).outcome(&typed).unwrap();
        let input = &outcome.followed.input;
        assert_eq!(
            (input.fork.as_str(), input.owner_id.as_str(), input.repo_id.as_str()),
            ("OctoCat/Ocelot", "7", "42")
        );
        assert_eq!(input.region, "eu-west-1", "what was typed stays");
        assert_eq!(input.preset, SecretPreset::Upstream);
        assert!(outcome.followed.changes.is_empty() && outcome.followed.conflicts.is_empty());
        assert_eq!(outcome.git_ref, "dev");
    }

    #[test]
    fn a_failed_repository_check_gives_its_reason() {
        let error = reader(&[answer(404, "")]).outcome(&SetupInput::default()).unwrap_err();
        assert!(matches!(error, ReadError::NotFound(_)));
        assert!(reader(&[]).outcome(&SetupInput::default()).is_err());
    }

    #[test]
    fn files_read_are_followed_with_their_notices_and_each_conflict_once() {
        let listing = format!(
            r#"[{{"name":"p.yml","path":"{WORKFLOWS}/p.yml","type":"file","size":10}},
                {{"name":"bad.yml","path":"{WORKFLOWS}/bad.yml","type":"file","size":3}}]"#
        );
        let workflow = "on: push\njobs:\n  a:\n    permissions:\n      id-token: write\n    runs-on: ubuntu-latest\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: ${{ secrets.MY_ROLE }}\n          aws-region: eu-west-1\n";
        let outcome = reader(&[
            answer(200, REPO),
            answer(200, &listing),
            answer(200, workflow),
            answer(200, "{[: nope"),
            answer(404, ""),
        ])
        .outcome(&SetupInput::for_fork("octocat/ocelot"))
        .unwrap();
        assert_eq!(outcome.followed.input.role_secret, "MY_ROLE");
        assert!(outcome.followed.changes.iter().any(|c| c.field == Field::RoleSecret && c.value == "MY_ROLE"));
        let paths: Vec<&str> = outcome.notices.iter().map(|n| n.path.as_str()).collect();
        assert!(paths.contains(&".github/workflows/bad.yml"), "{paths:?}");
        assert!(paths.contains(&"tools/scripts/otel_layer_utils/dynamodb_utils.py"), "{paths:?}");
        let conflicts = &outcome.followed.conflicts;
        for (i, c) in conflicts.iter().enumerate() {
            assert!(!conflicts[..i].iter().any(|d| d.field == c.field && d.question == c.question), "{c:?} twice");
        }
        assert!(
            conflicts.iter().all(|c| c.field != Field::RoleSecret),
            "a name no workflow reads is never an option: {conflicts:?}"
        );
        let note = outcome.followed.notes.iter().find(|n| n.contains("AWS_ROLE_TO_ASSUME")).expect("a note");
        assert!(note.contains("no workflow reads it") && note.contains("MY_ROLE"), "{note}");
        for c in conflicts {
            assert!(c.options.len() > 1, "{c:?}");
            assert!(is_chosen(&outcome.followed.input, c.field, &c.options[c.chosen].value), "{c:?}");
        }
    }

    #[test]
    fn a_rate_limit_after_the_facts_still_follows_what_was_read() {
        let listing = format!(r#"[{{"name":"a.yml","path":"{WORKFLOWS}/a.yml","type":"file","size":1}}]"#);
        let limited = Answer { status: 403, remaining: Some("0".into()), reset: Some("5".into()), body: String::new() };
        let outcome = reader(&[answer(200, REPO), answer(200, &listing), limited])
            .outcome(&SetupInput::for_fork("octocat/ocelot"))
            .unwrap();
        assert_eq!(outcome.followed.input.owner_id, "7");
        let text = outcome.stopped.unwrap();
        assert!(
            text.starts_with("GitHub's rate limit for unauthenticated requests is spent until 5, so not every"),
            "{text}"
        );
        assert!(!text.contains("ids"), "{text}");
    }
}
