//! The wizard's state: the raw input (mirrored in the URL), the current step, and what the
//! core derives from them.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::core::github::outcome::Outcome;
use crate::core::github::API_BASE;
use crate::core::guide::run::PublishWorkflow;
use crate::core::setup::declare::WizardStep;
use crate::core::setup::error::SetupErrors;
use crate::core::setup::field::Field;
use crate::core::setup::query::{parse_query_string, to_query_string};
use crate::core::setup::values::Fork;
use crate::core::setup::{ScopeInput, SecretPreset, Setup, SetupInput};
use crate::core::template::Template;
use crate::core::workflows::findings::Findings;
use crate::ui::browser;

/// Query keys that configure the page rather than the setup; kept in the URL as they are.
const PAGE_KEYS: [&str; 5] = [EMBED_KEY, COMPACT_KEY, "github_api", GITHUB_KEY, POLL_KEY];
/// The page parameter that runs the wizard in an iframe (compact, height posted to the parent).
const EMBED_KEY: &str = "embed";
/// The page parameter (and host attribute, `data-compact`) that drops the header.
const COMPACT_KEY: &str = "compact";
/// The page parameter and host attribute (`data-github`) that turn the GitHub reading off.
const GITHUB_KEY: &str = "github";
/// The page parameter of the watch's polling interval (tests against a loopback stub only).
const POLL_KEY: &str = "github_poll_ms";
/// The value of [`GITHUB_KEY`] that turns the reading off.
const OFF: &str = "off";
/// How long typing must pause on a valid fork before the fork is read from GitHub.
pub const READ_DELAY: std::time::Duration = std::time::Duration::from_millis(700);
/// How long typing must pause before the URL is rewritten.
pub const URL_WRITE_DELAY: std::time::Duration = std::time::Duration::from_millis(300);
/// The query key of the current step.
const STEP_KEY: &str = "step";

/// Where and how the wizard runs, from the host element's data attributes and the URL.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The GitHub API base: api.github.com, or a loopback stub in tests.
    pub github_api: String,
    /// The watch's polling interval in ms, for tests against a loopback stub only.
    pub github_poll_ms: Option<u64>,
    /// Drop the header (docs embeds).
    pub compact: bool,
    /// Running in an iframe: no page chrome, height posted to the parent.
    pub embed: bool,
    /// Whether the page may read the fork from GitHub's public API (`data-github="off"` on the
    /// host or `github=off` in the URL turn it off; the person can still turn it on).
    pub github_reading: bool,
    /// Defaults for the inputs (hosted template URL, table, preset, region).
    pub defaults: SetupInput,
    /// Page parameters to keep in the URL.
    page_params: Vec<(String, String)>,
}

impl Config {
    /// Reads the configuration from `host`'s `data-*` attributes and the URL query.
    pub fn read(host: Option<&web_sys::Element>) -> Config {
        let query = parse_query_string(&browser::location_search());
        let param = |key: &str| query.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let data = |name: &str| host.and_then(|h| h.get_attribute(&format!("data-{name}")));
        let mut defaults = SetupInput::default();
        let attributes: Vec<(&str, String)> = [
            ("template_url", data("template-url")),
            ("table", data("table")),
            ("preset", data("preset")),
            ("region", data("region")),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
        defaults.apply_query(attributes.iter().map(|(k, v)| (*k, v.as_str())));
        let stub = param("github_api").filter(|url| is_loopback(url));
        let github_poll_ms = stub.as_ref().and(param(POLL_KEY)).and_then(|ms| ms.parse().ok());
        let github_api = stub.unwrap_or_else(|| API_BASE.to_string());
        let flag = |value: Option<String>| value.is_some_and(|v| v == "1" || v == "true" || v.is_empty());
        let embed = flag(param(EMBED_KEY));
        let off = |value: Option<String>| value.is_some_and(|v| v.trim().eq_ignore_ascii_case(OFF));
        Config {
            github_api,
            github_poll_ms,
            compact: embed || flag(param(COMPACT_KEY)) || flag(data(COMPACT_KEY)),
            embed,
            github_reading: !off(param(GITHUB_KEY)) && !off(data(GITHUB_KEY)),
            defaults,
            page_params: query.iter().filter(|(k, _)| PAGE_KEYS.contains(&k.as_str())).cloned().collect(),
        }
    }

    /// The setup's inputs a page opened with `query` starts from: the host's defaults, then
    /// the URL's values (the wizard's first state, and the early paint's template).
    pub fn input_from(&self, query: &[(String, String)]) -> SetupInput {
        let mut input = self.defaults.clone();
        input.apply_query(query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        input
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            github_api: API_BASE.to_string(),
            github_poll_ms: None,
            compact: false,
            embed: false,
            github_reading: true,
            defaults: SetupInput::default(),
            page_params: Vec::new(),
        }
    }
}

/// Test servers only: a GitHub API stand-in must be on this machine.
fn is_loopback(url: &str) -> bool {
    ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"].iter().any(|p| url.starts_with(p))
}

/// The wizard's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// Name the fork; it is read from GitHub.
    Fork,
    /// Trust scope, region, names, provider, permissions, secret names.
    Options,
    /// The template and the ways to deploy it.
    Deploy,
    /// The GitHub secrets.
    Secrets,
    /// Enable Actions, run the workflow, check the table.
    Verify,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 5] = [Step::Fork, Step::Options, Step::Deploy, Step::Secrets, Step::Verify];

    /// The step's title.
    pub fn title(self) -> &'static str {
        match self {
            Step::Fork => "Your fork",
            Step::Options => "AWS options",
            Step::Deploy => "Template and deploy",
            Step::Secrets => "GitHub secrets",
            Step::Verify => "Verify",
        }
    }

    /// The step's key in the URL and its DOM id.
    pub fn key(self) -> &'static str {
        match self {
            Step::Fork => "fork",
            Step::Options => "options",
            Step::Deploy => "deploy",
            Step::Secrets => "secrets",
            Step::Verify => "verify",
        }
    }

    /// The fields this step asks for, in the order declared.
    pub fn fields(self) -> Vec<Field> {
        Field::ALL.iter().copied().filter(|field| Step::asking(field.step()) == self).collect()
    }

    /// The step that asks for the fields declared with `step`.
    fn asking(step: WizardStep) -> Step {
        match step {
            WizardStep::Fork => Step::Fork,
            WizardStep::Options => Step::Options,
            WizardStep::Secrets => Step::Secrets,
        }
    }

    /// The position of the step, from 0.
    pub fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    fn from_key(key: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// Where the reading of the fork from GitHub stands.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadState {
    /// Not run for the current fork.
    Idle,
    /// Waiting for GitHub, with the requests answered so far.
    Reading(usize),
    /// GitHub answered about the repository; its workflows were read as far as they could be.
    Found(Box<Outcome>),
    /// No facts, with the reason and the manual path.
    Failed(String),
}

/// The wizard's signals, shared through context. Derived values are memos.
#[derive(Clone, Copy)]
pub struct Wizard {
    /// The page configuration.
    pub config: StoredValue<Config>,
    /// What the person typed.
    pub input: RwSignal<SetupInput>,
    /// The step shown.
    pub step: RwSignal<Step>,
    /// Set when Next was pressed with refusals: then empty required fields show errors too.
    pub attempted: RwSignal<bool>,
    /// The validated setup, or every refusal.
    pub setup: Memo<Result<Setup, SetupErrors>>,
    /// The tailored template's YAML, the last valid one while the input has refusals.
    pub yaml: Memo<Option<String>>,
    /// The reading of the fork from GitHub.
    pub read: RwSignal<ReadState>,
    /// The checklist items ticked for the current fork, persisted in localStorage.
    pub done: RwSignal<BTreeSet<String>>,
    /// Whether the fork is read from GitHub once it is typed.
    pub reading: RwSignal<bool>,
    /// The fork's publish workflow when its workflows were read, else upstream's: a memo, so
    /// the reading's progress does not redraw what shows it.
    pub publish: Memo<PublishWorkflow>,
    /// The fork a link chose, until the person says it is theirs or types one: the role will
    /// trust that fork's workflows, so the deploy commands wait for the confirmation.
    pub linked: RwSignal<Option<String>>,
}

impl Wizard {
    /// The state for `config`, inputs restored from the URL.
    pub fn new(config: Config) -> Wizard {
        let query = parse_query_string(&browser::location_search());
        let input = config.input_from(&query);
        let step = query.iter().find(|(k, _)| k == STEP_KEY).and_then(|(_, v)| Step::from_key(v)).unwrap_or(Step::Fork);
        let input = RwSignal::new(input);
        let setup = Memo::new(move |_| input.with(Setup::from_input));
        let yaml = Memo::new(move |previous: Option<&Option<String>>| {
            let current = setup.with(|s| s.as_ref().ok().map(|s| Template::tailored(s).to_yaml()));
            current.or_else(|| previous.cloned().flatten())
        });
        let done = RwSignal::new(BTreeSet::new());
        // Announced as GitHub spells it (a link may give the URL or the remote), and only when
        // the field takes it: a refused fork is named by the field's message, cut short, not
        // repeated whole in a notice (a URL may carry thousands of characters).
        let linked = query
            .iter()
            .find(|(k, v)| k == Field::Fork.key() && !v.trim().is_empty() && *v != config.defaults.fork)
            .and_then(|(_, v)| Fork::parse(v).ok())
            .map(|fork| fork.to_string());
        let reading = RwSignal::new(config.github_reading && !browser::reading_turned_off());
        let read = RwSignal::new(ReadState::Idle);
        let wizard = Wizard {
            config: StoredValue::new(config),
            input,
            step: RwSignal::new(step),
            attempted: RwSignal::new(false),
            setup,
            yaml,
            read,
            done,
            reading,
            publish: Memo::new(move |_| {
                read.with(|c| match c {
                    ReadState::Found(outcome) => PublishWorkflow::from_findings(&outcome.findings),
                    _ => None,
                })
                .unwrap_or_else(PublishWorkflow::upstream)
            }),
            linked: RwSignal::new(linked),
        };
        wizard.persist_checklist();
        wizard
    }

    /// The refusal of `field`, shown once the field has text or Next was pressed.
    /// The ids go together: an id missing beside a typed one shows at once.
    pub fn error(&self, field: Field) -> Option<String> {
        let typed = |f: Field| self.input.with(|i| i.text(f).is_some_and(|t| !t.is_empty()));
        let ids = [Field::OwnerId, Field::RepoId];
        let shown = self.attempted.get() || typed(field) || (ids.contains(&field) && ids.into_iter().any(typed));
        if !shown {
            return None;
        }
        self.setup.with(|s| s.as_ref().err().and_then(|e| e.get(field)).map(|e| e.message.clone()))
    }

    /// Whether every field of `step` is accepted.
    pub fn step_valid(&self, step: Step) -> bool {
        self.setup.with(|s| match s {
            Ok(_) => true,
            Err(errors) => errors.0.iter().all(|e| !step.fields().contains(&e.field)),
        })
    }

    /// Sets a text field.
    /// A new fork after a reading drops the ids the reading filled in: they belong to the
    /// repository that was read.
    pub fn set_text(&self, field: Field, value: String) {
        let read = self.read.with_untracked(|c| match c {
            ReadState::Found(outcome) if field == Field::Fork => Some(outcome.facts.clone()),
            _ => None,
        });
        self.input.update(|i| {
            if let Some(facts) = &read {
                let same_repo = crate::core::setup::values::Fork::parse(&value).is_ok_and(|f| f == facts.fork);
                let ids_from_check =
                    i.owner_id == facts.ids.owner_id.to_string() && i.repo_id == facts.ids.repo_id.to_string();
                if !same_repo && ids_from_check {
                    i.owner_id.clear();
                    i.repo_id.clear();
                }
            }
            if let Some(text) = i.text_mut(field) {
                *text = value;
            }
        });
        // Set only when they change: every view of the reading and of the link redraws when
        // they are set, and typing the fork sets them on each keystroke.
        if field == Field::Fork {
            if !self.read.with_untracked(|c| matches!(c, ReadState::Idle)) {
                self.read.set(ReadState::Idle);
            }
            if self.linked.with_untracked(Option::is_some) {
                self.linked.set(None);
            }
        }
    }

    /// What the fork's workflows were found to read and do, when they were read.
    pub fn findings(&self) -> Option<Findings> {
        self.read.with(|c| match c {
            ReadState::Found(outcome) => Some(outcome.findings.clone()),
            _ => None,
        })
    }

    /// Whether the fork is the person's own: typed here, or confirmed after a link chose it.
    pub fn fork_confirmed(&self) -> bool {
        self.linked.with(Option::is_none)
    }

    /// Turns the GitHub reading on or off, remembered on this browser.
    pub fn set_reading(&self, on: bool) {
        self.reading.set(on);
        browser::save_reading(on);
    }

    /// Sets the trust scope, kind and name.
    pub fn set_scope(&self, scope: ScopeInput) {
        self.input.update(|i| i.scope = scope);
    }

    /// Moves to `step` when every earlier step is valid; else shows the refusals of the
    /// first invalid step and moves there.
    pub fn go(&self, step: Step) {
        let blocking = Step::ALL[..step.index()].iter().copied().find(|s| !self.step_valid(*s));
        match blocking {
            Some(first) => {
                self.attempted.set(true);
                self.step.set(first);
                if let Some(field) = first.fields().iter().find(|f| self.error(**f).is_some()) {
                    browser::focus(&crate::ui::ids::input(*field));
                }
            }
            None => self.step.set(step),
        }
    }

    /// The preset the input names.
    pub fn preset(&self) -> SecretPreset {
        self.input.with(|i| i.preset)
    }

    /// Mirrors the inputs and the step into the URL (replaceState: no history spam). A step
    /// change is written at once; typing (and the tidying of the URL the page opened with) is
    /// written once it pauses for [`URL_WRITE_DELAY`]: `history.replaceState` costs the browser
    /// milliseconds, more than the rest of a keystroke. An unchanged query is not written again.
    /// (A reload within that delay of the last keystroke reloads the URL without it: the
    /// browser fixes a reload's URL before any page event could write it.)
    pub fn sync_url(&self) {
        let wizard = *self;
        let pending = StoredValue::new(None::<(String, TimeoutHandle)>);
        let flush = move || {
            if let Some((query, timer)) = pending.try_update_value(Option::take).flatten() {
                timer.clear();
                browser::replace_query(&query);
            }
        };
        Effect::new(move |last_step: Option<Step>| {
            let mut pairs: Vec<(String, String)> =
                wizard.input.with(|i| i.to_query()).into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            let defaults = wizard.config.with_value(|c| c.defaults.to_query());
            pairs.retain(|pair| !defaults.iter().any(|(k, v)| *k == pair.0 && *v == pair.1));
            let step = wizard.step.get();
            if step != Step::Fork {
                pairs.push((STEP_KEY.to_string(), step.key().to_string()));
            }
            pairs.extend(wizard.config.with_value(|c| c.page_params.clone()));
            let query = to_query_string(&pairs);
            if let Some((_, timer)) = pending.try_update_value(Option::take).flatten() {
                timer.clear();
            }
            if last_step.is_some_and(|last| last != step) {
                browser::replace_query(&query);
            } else if browser::location_search().strip_prefix('?').unwrap_or_default() != query {
                if let Ok(timer) = set_timeout_with_handle(flush, URL_WRITE_DELAY) {
                    pending.set_value(Some((query, timer)));
                }
            }
            step
        });
        // An unmounted wizard (a docs page swapping it out) leaves its last state behind.
        on_cleanup(flush);
    }

    /// Loads the checklist of the current fork, and saves it on every change.
    fn persist_checklist(&self) {
        let wizard = *self;
        let fork_key =
            Memo::new(move |_| wizard.setup.with(|s| s.as_ref().ok().map(|s| s.fork.to_string().to_ascii_lowercase())));
        Effect::new(move |_| {
            let items = fork_key.get().map(|key| browser::load_checklist(&key)).unwrap_or_default();
            // Unchanged (as for each fork typed on the way to one with ticks), it is not saved
            // back on every keystroke.
            if wizard.done.with_untracked(|done| *done != items) {
                wizard.done.set(items);
            }
        });
        Effect::new(move |_| {
            let items = wizard.done.get();
            if let Some(key) = fork_key.get_untracked() {
                browser::save_checklist(&key, &items);
            }
        });
    }
}
