//! The core's rooms stand on floors: each file imports only from its own room or a lower floor,
//! and within a room the files import one another without a circle. The floors are written
//! here once; the README's Layout section lists the rooms in the same order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The core's rooms, lowest floor first. A room may import from the rooms of lower floors only.
const FLOORS: &[&[&str]] = &[
    &["percent", "shell", "oidc", "site", "text"],
    &["setup"],
    &["links"],
    &["template", "workflows"],
    &["guide"],
    &["checks"],
    &["github"],
    &["worker_protocol"],
];

fn core_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/core is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.to_string_lossy().ends_with("_tests.rs") {
            out.push(path);
        }
    }
}

/// A file's code without its comments and its `#[cfg(test)]` module (tests may reach
/// anywhere; a doc link is no import).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("a source file");
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => &text,
    };
    text.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The room a path under src/core belongs to (`setup` for `setup/values.rs`, `links` for `links.rs`)
/// and the file within it (`values`, or `mod` for the room's `mod.rs` or a single-file room).
fn place(path: &Path) -> (String, String) {
    let relative = path.strip_prefix(core_dir()).expect("under src/core");
    let parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    match parts.as_slice() {
        [single] => (single.clone(), "mod".to_string()),
        [room, rest @ ..] => (room.clone(), rest.join("/")),
        [] => unreachable!("a file has a name"),
    }
}

/// Every `crate::core::ROOM[::NEXT]` a text names, as (room, next segment).
fn named(text: &str) -> Vec<(String, String)> {
    let re = regex::Regex::new(r"crate::core::([a-z_]+)(?:::([a-z_]+))?").expect("a regex");
    re.captures_iter(text)
        .map(|c| (c[1].to_string(), c.get(2).map(|m| m.as_str().to_string()).unwrap_or_default()))
        .collect()
}

fn floor(room: &str) -> usize {
    FLOORS
        .iter()
        .position(|rooms| rooms.contains(&room))
        .unwrap_or_else(|| panic!("room {room} is on no floor: add it to FLOORS"))
}

#[test]
fn every_import_goes_down_or_stays_in_its_room() {
    let mut files = Vec::new();
    rust_files(&core_dir(), &mut files);
    let mut upward = BTreeSet::new();
    for path in &files {
        let (room, _) = place(path);
        if room == "mod" {
            continue;
        }
        let text = code(path);
        for layer in ["crate::ui", "crate::cli"] {
            assert!(!text.contains(layer), "{} imports {layer}: the core stands below the adapters", path.display());
        }
        for (target, _) in named(&text) {
            if target != room && floor(&target) >= floor(&room) {
                upward.insert(format!("{} -> {target}", path.strip_prefix(core_dir()).unwrap().display()));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports from the same or a higher floor:\n{}",
        upward.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn no_circle_between_the_files_of_a_room() {
    let mut files = Vec::new();
    rust_files(&core_dir(), &mut files);
    // room -> file -> files of the same room it names (a room's mod.rs is its face, left out).
    let mut graph: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    let known: BTreeSet<(String, String)> = files.iter().map(|p| place(p)).collect();
    let parent = regex::Regex::new(r"\bsuper::([a-z_]+)").expect("a regex");
    for path in &files {
        let (room, file) = place(path);
        if file == "mod" {
            continue;
        }
        let text = code(path);
        let mut targets = BTreeSet::new();
        for (target_room, next) in named(&text) {
            if target_room == room && next != file && known.contains(&(room.clone(), next.clone())) {
                targets.insert(next);
            }
        }
        let top = file.split('/').next().unwrap_or(&file).to_string();
        for super_name in parent.captures_iter(&text) {
            let next = super_name[1].to_string();
            let sibling = if file.contains('/') { format!("{top}/{next}") } else { next.clone() };
            if known.contains(&(room.clone(), sibling.clone())) && sibling != file {
                targets.insert(sibling);
            }
        }
        graph.entry(room).or_default().insert(file, targets);
    }
    for (room, edges) in &graph {
        for start in edges.keys() {
            let mut seen = BTreeSet::new();
            let mut stack: Vec<&String> = edges[start].iter().collect();
            while let Some(next) = stack.pop() {
                assert!(next != start, "{room}: {start} reaches itself through its imports");
                if seen.insert(next.clone()) {
                    stack.extend(edges.get(next).into_iter().flatten());
                }
            }
        }
    }
}

#[test]
fn the_floors_name_every_room() {
    let mut files = Vec::new();
    rust_files(&core_dir(), &mut files);
    let rooms: BTreeSet<String> = files.iter().map(|p| place(p).0).filter(|r| r != "mod").collect();
    let floors: BTreeSet<String> = FLOORS.iter().flat_map(|f| f.iter().map(|r| r.to_string())).collect();
    assert_eq!(rooms, floors, "FLOORS must list exactly the core's rooms");
}
