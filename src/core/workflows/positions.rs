//! Where each node of a workflow is written, from the parser's events: serde_yaml gives the
//! typed values but no positions, so one pass of saphyr-parser's events (each with its start
//! and end) records the line of every mapping key and sequence item by its path from the root
//! (`jobs`, `build`, `steps`, `2`, `with`, `role-to-assume`). Findings look their lines up
//! here; nothing searches the text for a key.

use std::collections::BTreeMap;

use saphyr_parser::{Event, Marker, Parser};

use super::expr::{self, Context};

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

/// The lines of one workflow's nodes. Each node has a number (the document's root is 0) and
/// is found from its parent by its key or index, so a path is never copied per node.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    /// Each child's number and line, by its parent's number and its key (or index).
    children: BTreeMap<(usize, String), (usize, usize)>,
    /// The node each alias names (by the alias's number), for the paths through it.
    aliases: BTreeMap<usize, usize>,
    /// The start and end of every scalar, for the expressions written in it.
    scalars: Vec<(Mark, Mark)>,
    /// How many nodes were numbered.
    count: usize,
    /// How many aliases a path may go through: the reader's cap on aliases.
    max_aliases: usize,
}

/// One open collection while the events are read: its number, and for a mapping whether a
/// key was read whose value comes next, for a sequence the index of its next item.
enum Open {
    Mapping { node: usize, value_of: Option<usize> },
    Sequence { node: usize, next: usize },
}

impl Positions {
    /// The positions of `text`'s first document, a path going through at most `max_aliases`
    /// aliases. A text the parser refuses gives the positions read up to the error:
    /// [`Positions::line`] then answers with the nearest node read.
    pub fn read(text: &str, max_aliases: usize) -> Positions {
        let mut positions = Positions { max_aliases, ..Positions::default() };
        let mut open: Vec<Open> = Vec::new();
        let mut anchors: BTreeMap<usize, usize> = BTreeMap::new();
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            let (start, end) = (Mark::from(span.start), Mark::from(span.end));
            let (anchor, key) = match &event {
                Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => (*anchor, None),
                Event::Scalar(value, _, anchor, _) => (*anchor, Some(value.as_ref())),
                Event::Alias(_) => (0, None),
                Event::MappingEnd | Event::SequenceEnd => {
                    open.pop();
                    continue;
                }
                Event::DocumentEnd => break,
                _ => continue,
            };
            let node = positions.node(&mut open, key, start.line);
            if anchor != 0 {
                anchors.insert(anchor, node);
            }
            match event {
                Event::MappingStart(..) => open.push(Open::Mapping { node, value_of: None }),
                Event::SequenceStart(..) => open.push(Open::Sequence { node, next: 0 }),
                Event::Scalar(..) => positions.scalars.push((start, end)),
                Event::Alias(id) => {
                    if let Some(anchored) = anchors.get(&id) {
                        positions.aliases.insert(node, *anchored);
                    }
                }
                _ => {}
            }
        }
        positions
    }

    /// Places a node starting on `line` in the innermost open collection and returns its
    /// number. A mapping key (`key` is its text, none for a collection or an alias as a key)
    /// is numbered with its line, and its value takes its number.
    fn node(&mut self, open: &mut [Open], key: Option<&str>, line: usize) -> usize {
        let Some(innermost) = open.last_mut() else { return 0 };
        let (parent, name) = match innermost {
            Open::Mapping { value_of: value_of @ Some(_), .. } => return value_of.take().unwrap_or_default(),
            Open::Mapping { node, value_of } => {
                *value_of = Some(self.count + 1);
                (*node, key.unwrap_or_default().to_string())
            }
            Open::Sequence { node, next } => {
                *next += 1;
                (*node, (*next - 1).to_string())
            }
        };
        self.count += 1;
        self.children.insert((parent, name), (self.count, line));
        self.count
    }

    /// The 1-based line of the node at `path` (mapping keys and sequence indexes from the
    /// root): a mapping value's is its key's. A node reached through an alias is placed where
    /// its anchor writes it; a path not written (a default) gets its nearest written parent's
    /// line, and 0 when nothing of it was read.
    pub fn line(&self, path: &[&str]) -> usize {
        let (mut node, mut line) = (0, 0);
        for step in path {
            // An alias may name a node that is itself an alias: at most the cap's number of jumps.
            let mut jumps = 0;
            let child = loop {
                match self.children.get(&(node, step.to_string())) {
                    Some(child) => break Some(*child),
                    None => match self.aliases.get(&node) {
                        Some(anchored) if jumps < self.max_aliases => {
                            node = *anchored;
                            jumps += 1;
                        }
                        _ => break None,
                    },
                }
            };
            match child {
                Some(child) => (node, line) = child,
                None => break,
            }
        }
        line
    }

    /// Every `secrets.X`, `vars.X` (...) expression written in a scalar of `text`, with its
    /// line: a scalar's own text (from its start to its end) is read line by line, so comments
    /// around it are not, and a script's lines keep their own numbers.
    pub fn references(&self, text: &str) -> Vec<(Context, String, usize)> {
        let lines: Vec<&str> = text.lines().collect();
        let mut out = Vec::new();
        for (start, end) in &self.scalars {
            for line in start.line..=end.line {
                let Some(whole) = line.checked_sub(1).and_then(|i| lines.get(i)) else { continue };
                let to = if line == end.line { end.column } else { usize::MAX };
                let from = if line == start.line { start.column } else { 0 };
                let written: String = whole.chars().take(to).skip(from).collect();
                out.extend(expr::references(&written).into_iter().map(|(context, name)| (context, name, line)));
            }
        }
        out
    }
}
