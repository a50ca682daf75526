//! In-process template rendering: `Template::tailored(&setup).to_yaml()`, the work behind
//! `ocelot-setup template` and every keystroke in the wizard's preview; and the reading of
//! upstream's workflows (values, positions, the whole inspection). Run by `make bench`
//! (`cargo bench --bench render`); under `cargo test` criterion runs each case once.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;

    use criterion::Criterion;
    use ocelot_setup::core::setup::{ScopeInput, Setup, SetupInput};
    use ocelot_setup::core::template::Template;
    use ocelot_setup::core::workflows::positions::Positions;
    use ocelot_setup::core::workflows::read::{parse_workflow, MAX_ALIASES};
    use ocelot_setup::core::workflows::{inspect, SourceFile};

    /// The setups measured: the defaults for one fork, and one with GitHub ids and a branch scope.
    fn setups() -> Vec<(&'static str, Setup)> {
        let typical = SetupInput::for_fork("octocat/ocelot");
        let mut scoped = SetupInput::for_fork("octocat/ocelot");
        scoped.owner_id = "583231".into();
        scoped.repo_id = "1296269".into();
        scoped.scope = ScopeInput::parse("branch:main").unwrap();
        [("typical", typical), ("ids_branch", scoped)]
            .into_iter()
            .map(|(name, input)| (name, Setup::from_input(&input).expect("a valid setup")))
            .collect()
    }

    pub fn render(c: &mut Criterion) {
        let mut group = c.benchmark_group("render");
        for (name, setup) in setups() {
            group.bench_function(name, |b| b.iter(|| Template::tailored(black_box(&setup)).to_yaml()));
        }
        // Where the time goes, for the typical setup: building the typed template, and writing it.
        let (_, typical) = &setups()[0];
        group.bench_function("typical/build", |b| b.iter(|| Template::tailored(black_box(typical))));
        let template = Template::tailored(typical);
        group.bench_function("typical/write", |b| b.iter(|| black_box(&template).to_yaml()));
        // The same template written by serde_yaml (libyaml's emitter), which the wizard already
        // carries to read workflows: the figure behind keeping the project's own writer.
        group.bench_function("typical/write-serde_yaml", |b| {
            b.iter(|| serde_yaml::to_string(black_box(&template)).expect("a template serializes"))
        });
        group.finish();
    }

    /// Upstream's workflows: serde_yaml's typed values and the parser's positions of its
    /// largest file (README, "How the fork is read"), and the whole inspection of its checkout.
    pub fn read(c: &mut Criterion) {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/workflows/upstream/.github/workflows");
        let files: Vec<SourceFile> = ["ci.yml", "docs.yml", "r_publish.yml"]
            .into_iter()
            .map(|name| {
                let bytes = std::fs::read(format!("{dir}/{name}")).expect("upstream's fixture");
                SourceFile::new(format!(".github/workflows/{name}"), bytes)
            })
            .collect();
        let ci = String::from_utf8(files[0].bytes.clone()).expect("UTF-8");
        let mut group = c.benchmark_group("read");
        group.bench_function("ci.yml/values", |b| b.iter(|| parse_workflow(black_box(&ci))));
        group.bench_function("ci.yml/positions", |b| b.iter(|| Positions::read(black_box(&ci), MAX_ALIASES)));
        group.bench_function("upstream/inspect", |b| b.iter(|| inspect(black_box(&files))));
        group.finish();
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(benches, native::render, native::read);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
