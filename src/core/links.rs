//! Every URL the core hands out: github.com pages of the fork and AWS console pages.

use crate::core::percent::percent_encode_path;
use crate::core::setup::aws::Region;
use crate::core::setup::values::Fork;

/// The folder GitHub reads a repository's workflows from, as a literal for `concat!`.
macro_rules! workflows_dir {
    () => {
        ".github/workflows"
    };
}
pub(crate) use workflows_dir;

/// The folder GitHub reads a repository's workflows from.
pub const WORKFLOWS_DIR: &str = workflows_dir!();

const GITHUB: &str = "https://github.com";

/// The fork on github.com.
pub fn github_repo(fork: &Fork) -> String {
    format!("{GITHUB}/{fork}")
}

/// A file of the repository `repo` (`owner/repo`, as read, so not validated) at `git_ref`, at
/// its 1-based `line` (0: the file's top). Every part is encoded, so a branch named `fix/#12`
/// does not end the path.
pub fn github_blob(repo: &str, git_ref: &str, path: &str, line: usize) -> String {
    let anchor = if line > 0 { format!("#L{line}") } else { String::new() };
    let [repo, git_ref, path] = [repo, git_ref, path].map(percent_encode_path);
    format!("{GITHUB}/{repo}/blob/{git_ref}/{path}{anchor}")
}

/// The fork's Actions tab.
pub fn github_actions(fork: &Fork) -> String {
    format!("{}/actions", github_repo(fork))
}

/// One workflow's page on the fork's Actions tab.
pub fn github_workflow(fork: &Fork, file: &str) -> String {
    format!("{}/workflows/{file}", github_actions(fork))
}

/// One workflow run on the fork's Actions tab.
pub fn github_run(fork: &Fork, run_id: u64) -> String {
    format!("{}/runs/{run_id}", github_actions(fork))
}

/// One job of a run.
pub fn github_job(fork: &Fork, run_id: u64, job_id: u64) -> String {
    format!("{}/job/{job_id}", github_run(fork, run_id))
}

/// `url` when it is a github.com page safe to link to (https, github.com itself, no space,
/// quote or control character); `None` for anything else an answer might hold.
pub fn github_page(url: &str) -> Option<&str> {
    let safe = url.strip_prefix(GITHUB).is_some_and(|path| path.starts_with('/'))
        && url.chars().all(|c| c.is_ascii_graphic() && !"\"'<>\\`".contains(c));
    safe.then_some(url)
}

/// The page that lists the fork's Actions secrets or variables (`kind`: `secrets` or
/// `variables`).
pub fn github_actions_settings(fork: &Fork, kind: &str) -> String {
    format!("{}/settings/{kind}/actions", github_repo(fork))
}

/// The page that adds an Actions secret or variable (`kind`: `secrets` or `variables`).
pub fn github_new_actions_setting(fork: &Fork, kind: &str) -> String {
    format!("{}/new", github_actions_settings(fork, kind))
}

/// The page that creates a deployment environment.
pub fn github_new_environment(fork: &Fork) -> String {
    format!("{}/settings/environments/new", github_repo(fork))
}

fn console(region: Region, service: &str) -> String {
    format!("https://{}/{service}/home?region={region}", region.partition().console_host())
}

/// The console's create-stack page.
pub fn cloudformation_create(region: Region) -> String {
    format!("{}#/stacks/create", console(region, "cloudformation"))
}

/// The console's create-stack review page for a hosted template, `query` being the
/// percent-encoded `templateURL=...&stackName=...&param_...` part.
pub fn cloudformation_quick_create(region: Region, query: &str) -> String {
    format!("{}#/stacks/create/review?{query}", console(region, "cloudformation"))
}

/// AWS CloudShell in `region`.
pub fn cloudshell(region: Region) -> String {
    console(region, "cloudshell")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_github_pages_are_linked() {
        let fork = Fork::parse("OctoCat/ocelot").unwrap();
        assert_eq!(github_job(&fork, 7, 9), "https://github.com/OctoCat/ocelot/actions/runs/7/job/9");
        assert_eq!(github_page("https://github.com/a/b/actions/runs/1"), Some("https://github.com/a/b/actions/runs/1"));
        for bad in [
            "javascript:alert(1)",
            "http://github.com/a",
            "https://github.com.evil.example/a",
            "https://github.com/a\"><script>",
            "https://github.com/a b",
            "https://github.com/\u{0}",
            "//github.com/a",
        ] {
            assert_eq!(github_page(bad), None, "{bad}");
        }
    }

    #[test]
    fn console_links_follow_the_partition() {
        let region = Region::parse("cn-north-1").unwrap();
        assert_eq!(cloudshell(region), "https://console.amazonaws.cn/cloudshell/home?region=cn-north-1");
        assert_eq!(
            cloudformation_create(Region::default()),
            "https://console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks/create"
        );
    }
}
