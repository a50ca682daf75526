//! The messages between the wizard's page and its worker. The worker holds what the first paint
//! never uses, so the page's own module goes without it: the reading of a fork (its workflows
//! parsed through serde_yaml, then inspected and followed), the check workflow (written
//! through serde_yaml) and the diagnosis of an error. Every message crosses as JSON text,
//! through [`encode`] and [`decode`].

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::core::checks::check_workflow::{check_workflow, CheckCommand};
use crate::core::checks::diagnose::{diagnose, Diagnosis, Log, Reader};
use crate::core::github::outcome::Outcome;
use crate::core::setup::values::Fork;
use crate::core::setup::{Setup, SetupInput};

/// The worker's Cargo bin, which names its files in the site (Trunk does not hash a worker's):
/// `{WORKER_BIN}_loader.js` starts it.
pub const WORKER_BIN: &str = "ocelot-setup-worker";

/// A job for the worker, with the number every reply to it carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// Chosen by the page, unique among the jobs it sent.
    pub id: u64,
    /// What to do.
    pub job: Job,
}

/// What the page asks the worker to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Job {
    /// Read `fork` from the GitHub API at `api`, then follow it for `input`: replied to with
    /// [`Reply::Progress`] after each request, then [`Reply::Outcome`]. A later reading stops it.
    Read {
        /// The API base: api.github.com, or a loopback stub in tests.
        api: String,
        /// The fork to read.
        fork: Fork,
        /// The input to apply the reading to.
        input: SetupInput,
        /// Whether the browser says it is online (a worker is told, so both agree).
        online: bool,
    },
    /// Follow the last finished reading again for `input`: what was typed while it ran.
    Follow {
        /// The input as it is now.
        input: SetupInput,
    },
    /// Stop the reading in progress: the fork changed, its result would be about another.
    Stop,
    /// Write the check workflow for `input`.
    CheckWorkflow {
        /// The input; the worker validates it again.
        input: SetupInput,
    },
    /// Say what an error means for `input`.
    Diagnose {
        /// The input; the worker validates it again.
        input: SetupInput,
        /// The error's text.
        log: LogText,
    },
}

/// An error's text as the page has it, read into a [`Log`] by the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LogText {
    /// Pasted by the person: plain lines, `gh run view --log-failed`, or annotations JSON.
    Pasted(String),
    /// The error lines of a failed job's step, as GitHub's annotations gave them.
    Step {
        /// The job's name.
        job: String,
        /// The step's name.
        step: String,
        /// The messages, one a line.
        messages: String,
    },
}

impl LogText {
    /// The lines the diagnosis reads.
    pub fn log(&self) -> Log {
        match self {
            LogText::Pasted(text) => Log::read(text),
            LogText::Step { job, step, messages } => Log::step(Some(job), step, messages),
        }
    }
}

/// A reply of the worker to the request numbered `id` (0: not to a request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The request's number.
    pub id: u64,
    /// What the worker says.
    pub reply: Reply,
}

/// What the worker says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reply {
    /// The worker runs and takes jobs (sent once, numbered 0): jobs sent before are lost.
    Ready,
    /// How many requests GitHub has answered so far in the reading.
    Progress {
        /// The count.
        requests: usize,
    },
    /// The reading's outcome, or why it gave none.
    Outcome {
        /// The outcome, or the reason in a sentence.
        outcome: Result<Box<Outcome>, String>,
    },
    /// The check workflow, or why there is none.
    CheckWorkflow {
        /// The workflow, or the input's refusals.
        check: Result<CheckFile, String>,
    },
    /// What the error means, or the input's refusals.
    Diagnosis {
        /// The diagnosis, written for the wizard.
        diagnosis: Result<Diagnosis, String>,
    },
    /// The message could not be read: a page and a worker from different builds.
    Refused {
        /// Why, for the page to say.
        why: String,
    },
}

impl Reply {
    /// Whether more replies to the same request may follow.
    pub fn is_final(&self) -> bool {
        !matches!(self, Reply::Progress { .. })
    }
}

/// The check workflow's text and commands; its name and path are the constants of
/// [`crate::core::checks::check_workflow`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckFile {
    /// The workflow file's text.
    pub yaml: String,
    /// What to run, in order.
    pub commands: Vec<CheckCommand>,
}

/// The check workflow for `input`, or its refusals, one per line.
pub fn check_file(input: &SetupInput) -> Result<CheckFile, String> {
    let setup = Setup::from_input(input).map_err(|e| e.to_string())?;
    let check = check_workflow(&setup);
    Ok(CheckFile { yaml: check.yaml, commands: check.commands })
}

/// What `log` means for `input`, written for the wizard; or the input's refusals.
pub fn diagnosis(input: &SetupInput, log: &LogText) -> Result<Diagnosis, String> {
    let setup = Setup::from_input(input).map_err(|e| e.to_string())?;
    Ok(diagnose(&setup, Reader::Wizard, &log.log()))
}

/// A message as the JSON text that crosses.
pub fn encode<T: Serialize>(message: &T) -> String {
    serde_json::to_string(message).unwrap_or_else(|e| format!("\"unencodable message: {e}\""))
}

/// A message from its JSON text; `Err` says what could not be read.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| format!("the worker's message could not be read ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::github::contents::{Answer as GitHubAnswer, Reader, WORKFLOWS};

    fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(message: T) {
        let text = encode(&message);
        assert_eq!(decode::<T>(&text).as_ref(), Ok(&message), "{text}");
    }

    fn input() -> SetupInput {
        SetupInput {
            region: "eu-west-1".into(),
            owner_id: "7".into(),
            repo_id: "42".into(),
            ..SetupInput::for_fork("octocat/ocelot")
        }
    }

    /// A reading of a fork whose one workflow assumes a role and names the table region.
    fn outcome() -> Outcome {
        const REPO: &str =
            r#"{"id": 42, "full_name": "OctoCat/Ocelot", "owner": {"id": 7}, "fork": true, "default_branch": "dev"}"#;
        let listing = format!(r#"[{{"name": "ci.yml", "path": "{WORKFLOWS}/ci.yml", "type": "file", "size": 400}}]"#);
        let workflow = concat!(
            "on: workflow_dispatch\n",
            "jobs:\n  publish:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n",
            "    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n",
            "          role-to-assume: ${{ secrets.MY_ROLE }}\n          aws-region: eu-west-1\n",
            "      - run: echo done\n        env:\n          DYNAMODB_REGION: ${{ vars.MY_REGION }}\n",
        );
        let mut reader = Reader::new("http://127.0.0.1:9", Fork::parse("octocat/ocelot").unwrap());
        for body in [REPO, listing.as_str(), workflow] {
            let answer = GitHubAnswer { status: 200, remaining: Some("50".into()), reset: None, body: body.into() };
            reader.answer(&answer, |t| t.to_string());
        }
        while reader.next_request().is_some() {
            reader.answer(&GitHubAnswer { status: 404, ..GitHubAnswer::default() }, |t| t.to_string());
        }
        let outcome = reader.outcome(&input()).expect("GitHub gave the facts");
        assert!(!outcome.findings.credentials.is_empty(), "the workflow was read: {:?}", outcome.notices);
        outcome
    }

    #[test]
    fn every_request_round_trips() {
        let fork = Fork::parse("OctoCat/Ocelot").unwrap();
        for job in [
            Job::Read { api: "https://api.github.com".into(), fork, input: input(), online: true },
            Job::Follow { input: input() },
            Job::Stop,
            Job::CheckWorkflow { input: input() },
            Job::Diagnose { input: input(), log: LogText::Pasted("Error: boom".into()) },
            Job::Diagnose {
                input: input(),
                log: LogText::Step { job: "check".into(), step: "Assume".into(), messages: "a\nb".into() },
            },
        ] {
            round_trip(Request { id: 3, job });
        }
    }

    #[test]
    fn every_reply_round_trips() {
        let check = check_file(&input());
        assert!(check.as_ref().is_ok_and(|c| c.yaml.contains("workflow_dispatch")), "{check:?}");
        for reply in [
            Reply::Ready,
            Reply::Progress { requests: 4 },
            Reply::Outcome { outcome: Ok(Box::new(outcome())) },
            Reply::Outcome { outcome: Err("GitHub could not be reached".into()) },
            Reply::CheckWorkflow { check },
            Reply::CheckWorkflow { check: check_file(&SetupInput::for_fork("octocat/*")) },
            Reply::Diagnosis { diagnosis: diagnosis(&input(), &LogText::Pasted(DENIED.into())) },
            Reply::Diagnosis { diagnosis: diagnosis(&input(), &LogText::Pasted("all is well".into())) },
            Reply::Refused { why: "no".into() },
        ] {
            round_trip(Answer { id: 9, reply });
        }
    }

    const DENIED: &str =
        "Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity";

    #[test]
    fn a_diagnosis_keeps_the_ways_to_the_wizards_controls() {
        let Ok(Diagnosis::Recognised { findings }) = diagnosis(&input(), &LogText::Pasted(DENIED.into())) else {
            panic!("the denied assume-role is a known failure")
        };
        assert!(findings.iter().flat_map(|f| &f.fix).any(|s| s.control.is_some()), "{findings:?}");
    }

    #[test]
    fn a_refused_input_gets_its_refusals_not_a_workflow() {
        let refused = check_file(&SetupInput::for_fork("octocat/*")).unwrap_err();
        assert!(refused.contains("wildcard"), "{refused}");
    }

    #[test]
    fn a_fork_that_does_not_parse_is_refused_on_the_way_in() {
        let fork = Fork::parse("octocat/ocelot").unwrap();
        let text = encode(&Request { id: 1, job: Job::Read { api: "x".into(), fork, input: input(), online: true } });
        let refused = decode::<Request>(&text.replacen("octocat/ocelot", "octocat/*", 1)).unwrap_err();
        assert!(refused.contains("wildcard"), "{refused}");
        assert!(decode::<Request>("not json").unwrap_err().contains("could not be read"));
    }

    #[test]
    fn only_progress_expects_more() {
        assert!(!Reply::Progress { requests: 1 }.is_final());
        assert!(Reply::Ready.is_final() && Reply::Outcome { outcome: Err(String::new()) }.is_final());
    }
}
