//! Where each node of a workflow is written, from the parser's events: serde_yaml gives the
//! typed values but no positions, so one pass of saphyr-parser's events (each with its start
//! and end) records the line of every mapping key and sequence item by its path from the root
//! (`jobs`, `build`, `steps`, `2`, `with`, `role-to-assume`). Findings look their lines up
//! here; nothing searches the text for a key.

use std::collections::BTreeMap;

use saphyr_parser::{Event, Marker, Parser};

use super::expr::{self, Context};
use super::read::MAX_ALIASES;

/// A place in the text: 1-based line, 0-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    line: usize,
    column: usize,
}

impl From<Marker> for Mark {
    fn from(marker: Marker) -> Mark {
        Mark { line: marker.line(), column: marker.col() }
    }
}

/// The lines of one workflow's nodes.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    /// The line of each mapping key and sequence item, by path.
    lines: BTreeMap<Vec<String>, usize>,
    /// Where an alias is used, and the path of the node its anchor names.
    aliases: Vec<(Vec<String>, Vec<String>)>,
    /// The start and end of every scalar, for the expressions written in it.
    scalars: Vec<(Mark, Mark)>,
}

/// One open collection while the events are read.
enum Open {
    /// A mapping, and the key read whose value comes next (none when a key comes next).
    Mapping { path: Vec<String>, key: Option<String> },
    /// A sequence, and the index of its next item.
    Sequence { path: Vec<String>, next: usize },
}

impl Positions {
    /// The positions of `text`'s first document. A text the parser refuses gives the positions
    /// read up to the error: [`Positions::line`] then answers 0 (unknown) past it.
    pub fn read(text: &str) -> Positions {
        let mut positions = Positions::default();
        let mut open: Vec<Open> = Vec::new();
        let mut anchors: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            let (start, end) = (Mark::from(span.start), Mark::from(span.end));
            let anchor = match &event {
                Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) | Event::Scalar(_, _, anchor, _) => {
                    *anchor
                }
                Event::Alias(_) => 0,
                Event::MappingEnd | Event::SequenceEnd => {
                    open.pop();
                    continue;
                }
                Event::DocumentEnd => break,
                _ => continue,
            };
            let key = match &event {
                Event::Scalar(value, ..) => value.to_string(),
                _ => String::new(),
            };
            let path = positions.node(&mut open, key, start.line);
            if anchor != 0 {
                anchors.insert(anchor, path.clone());
            }
            match event {
                Event::MappingStart(..) => open.push(Open::Mapping { path, key: None }),
                Event::SequenceStart(..) => open.push(Open::Sequence { path, next: 0 }),
                Event::Scalar(..) => positions.scalars.push((start, end)),
                Event::Alias(id) => {
                    if let Some(anchored) = anchors.get(&id) {
                        positions.aliases.push((path, anchored.clone()));
                    }
                }
                _ => {}
            }
        }
        positions
    }

    /// Places a node starting on `line` in the innermost open collection and returns its
    /// path. A mapping key's line is recorded, and its value takes the key's path.
    fn node(&mut self, open: &mut [Open], scalar: String, line: usize) -> Vec<String> {
        let Some(innermost) = open.last_mut() else { return Vec::new() };
        match innermost {
            Open::Mapping { path, key: key @ None } => {
                let mut at = path.clone();
                at.push(scalar.clone());
                self.lines.insert(at.clone(), line);
                *key = Some(scalar);
                at
            }
            Open::Mapping { path, key } => {
                let mut at = path.clone();
                at.extend(key.take());
                at
            }
            Open::Sequence { path, next } => {
                let mut at = path.clone();
                at.push(next.to_string());
                *next += 1;
                self.lines.insert(at.clone(), line);
                at
            }
        }
    }

    /// The 1-based line of the node at `path` (mapping keys and sequence indexes from the
    /// root): a mapping value's is its key's. A node reached through an alias is placed where
    /// its anchor writes it; a path not written (a default) gets its nearest written parent's
    /// line, and 0 when nothing of it was read.
    pub fn line(&self, path: &[&str]) -> usize {
        let mut at: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        // Each step replaces an alias's path with its anchor's; aliases may nest, up to the cap.
        for _ in 0..=MAX_ALIASES {
            if let Some(line) = self.lines.get(&at) {
                return *line;
            }
            let through =
                self.aliases.iter().filter(|(used, _)| at.starts_with(used)).max_by_key(|(used, _)| used.len());
            let Some((used, anchored)) = through else { break };
            at = anchored.iter().chain(&at[used.len()..]).cloned().collect();
        }
        (0..path.len())
            .rev()
            .find_map(|len| self.lines.get(&path[..len].iter().map(|s| s.to_string()).collect::<Vec<_>>()))
            .copied()
            .unwrap_or(0)
    }

    /// Every `secrets.X`, `vars.X` (...) expression written in a scalar of `text`, with its
    /// line: a scalar's own text (from its start to its end) is read line by line, so comments
    /// around it are not, and a script's lines keep their own numbers.
    pub fn references(&self, text: &str) -> Vec<(Context, String, usize)> {
        let lines: Vec<&str> = text.lines().collect();
        let mut out = Vec::new();
        for (start, end) in &self.scalars {
            for line in start.line..=end.line {
                let Some(whole) = lines.get(line.wrapping_sub(1)) else { continue };
                let to = if line == end.line { end.column } else { usize::MAX };
                let from = if line == start.line { start.column } else { 0 };
                let written: String = whole.chars().take(to).skip(from).collect();
                out.extend(expr::references(&written).into_iter().map(|(context, name)| (context, name, line)));
            }
        }
        out
    }
}
