//! The shapes of text the diagnosis reads: plain text (a pasted error or log), the output of
//! `gh run view RUN --log-failed` (`job<TAB>step<TAB>time line`), and the JSON of a job's
//! annotations (`gh api repos/O/R/check-runs/JOB/annotations`). Each becomes lines of
//! message text with the job and step that printed them, when known. Pure: text in, lines out.

use serde::Deserialize;

/// The most annotations read from one JSON answer (GitHub keeps 50 a step, 10 errors of them).
pub const MAX_ANNOTATIONS: usize = 200;
/// The most lines read; a failing step's log is far shorter.
const MAX_LINES: usize = 20_000;

/// Lines of error text, ready for the diagnosis.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Log {
    /// The lines, in order.
    pub lines: Vec<LogLine>,
}

/// One line of message text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// The text, its log prefixes (time, `##[error]`, colours) taken off.
    pub text: String,
    /// The job that printed it, when the log says.
    pub job: Option<String>,
    /// The step that printed it, when the log says.
    pub step: Option<String>,
}

impl LogLine {
    fn plain(text: &str) -> LogLine {
        LogLine { text: clean(text), job: None, step: None }
    }

    /// Where the line came from, `job / step`, when known.
    pub fn place(&self) -> Option<String> {
        match (&self.job, &self.step) {
            (Some(job), Some(step)) => Some(format!("{job} / {step}")),
            (None, Some(step)) => Some(step.clone()),
            (Some(job), None) => Some(job.clone()),
            (None, None) => None,
        }
    }
}

/// One annotation of a check run; every field may be missing or null.
#[derive(Deserialize)]
struct Annotation {
    #[serde(default)]
    message: Option<String>,
}

impl Log {
    /// Reads `text` in whichever shape it has: annotations JSON, `--log-failed` output, or
    /// plain text.
    pub fn read(text: &str) -> Log {
        let trimmed = text.trim_start();
        if trimmed.starts_with('[') {
            if let Ok(annotations) = serde_json::from_str::<Vec<Annotation>>(trimmed) {
                return Log::annotations(annotations);
            }
        }
        let lines = text.lines().take(MAX_LINES).map(|line| match gh_log_line(line) {
            Some((job, step, rest)) => LogLine { text: clean(rest), job: Some(job.into()), step: Some(step.into()) },
            None => LogLine::plain(line),
        });
        Log { lines: lines.collect() }
    }

    /// The messages of one failed step (its annotations, joined by newlines), as the wizard
    /// reads them from GitHub.
    pub fn step(job: Option<&str>, step: &str, messages: &str) -> Log {
        let lines = messages.lines().take(MAX_LINES).map(|line| LogLine {
            step: Some(step.to_string()),
            job: job.map(str::to_string),
            ..LogLine::plain(line)
        });
        Log { lines: lines.collect() }
    }

    fn annotations(annotations: Vec<Annotation>) -> Log {
        let lines = annotations
            .into_iter()
            .take(MAX_ANNOTATIONS)
            .filter_map(|a| a.message)
            .flat_map(|message| message.lines().map(LogLine::plain).collect::<Vec<_>>())
            .take(MAX_LINES);
        Log { lines: lines.collect() }
    }
}

/// `job<TAB>step<TAB>2024-05-01T10:00:00.1234567Z text`, as `gh run view --log-failed` prints.
fn gh_log_line(line: &str) -> Option<(&str, &str, &str)> {
    let mut fields = line.splitn(3, '\t');
    let (job, step, rest) = (fields.next()?, fields.next()?, fields.next()?);
    let rest = strip_time(rest)?;
    Some((job.trim(), step.trim(), rest))
}

/// `rest` without its leading ISO time (`2024-05-01T10:00:00.1234567Z `), if it has one.
fn strip_time(rest: &str) -> Option<&str> {
    let (time, text) = rest.split_once(' ').unwrap_or((rest, ""));
    let b = time.as_bytes();
    let looks =
        b.len() >= 20 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[10] == b'T' && time.ends_with('Z');
    looks.then_some(text)
}

/// The line without a raw log's time, the runner's `##[error]`-style marker and terminal colours.
fn clean(line: &str) -> String {
    let line = line.trim_end_matches('\r');
    let line = strip_time(line).unwrap_or(line);
    let line = match line.strip_prefix("##[") {
        Some(rest) => rest.split_once(']').map_or(line, |(_, text)| text),
        None => line,
    };
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            // CSI: parameters, then one final letter.
            chars.next();
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(log: &Log) -> Vec<(&str, Option<String>)> {
        log.lines.iter().map(|l| (l.text.as_str(), l.place())).collect()
    }

    #[test]
    fn log_failed_output_loses_its_prefixes_and_keeps_job_and_step() {
        let text = "publish (amd64)\tConfigure AWS credentials\t2025-07-02T10:00:01.1234567Z ##[error]Could not assume role\nplain line\n";
        assert_eq!(
            texts(&Log::read(text)),
            vec![
                ("Could not assume role", Some("publish (amd64) / Configure AWS credentials".into())),
                ("plain line", None)
            ]
        );
    }

    #[test]
    fn raw_logs_lose_times_markers_and_colours() {
        let text = "2025-07-02T10:00:01.1234567Z \u{1b}[31;1mError: boom\u{1b}[0m\r\n##[warning]careful\n##[unclosed";
        assert_eq!(texts(&Log::read(text)), vec![("Error: boom", None), ("careful", None), ("##[unclosed", None)]);
    }

    #[test]
    fn annotations_json_gives_each_message_line() {
        let json = r#"[{"path": ".github", "start_line": 1, "annotation_level": "failure", "title": null, "message": "first\nsecond"},
            {"message": null}, {"annotation_level": "notice"}, {"message": "third", "extra": [1, 2]}]"#;
        assert_eq!(texts(&Log::read(json)), vec![("first", None), ("second", None), ("third", None)]);
        // Not an array of objects: read as text.
        assert_eq!(texts(&Log::read("[1, 2]")), vec![("[1, 2]", None)]);
        assert_eq!(texts(&Log::read("[x] Error")), vec![("[x] Error", None)]);
    }

    #[test]
    fn a_step_read_from_github_names_its_step() {
        let log = Log::step(Some("check"), "Assume the role", "a\nb");
        assert_eq!(
            texts(&log),
            vec![("a", Some("check / Assume the role".into())), ("b", Some("check / Assume the role".into()))]
        );
    }
}
