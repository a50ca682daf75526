//! A typed CloudFormation document: sections as structs (field order is the emitted key
//! order), intrinsic functions as an enum, maps as [`Map`]. [`to_yaml`] and [`to_json`]
//! are the only places that call a serializer.

use std::borrow::Borrow;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// A CloudFormation value: a literal or an intrinsic function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A literal string.
    Str(String),
    /// A literal integer.
    Int(i64),
    /// `Ref`: a parameter, resource or pseudo parameter.
    Ref(String),
    /// `Fn::Sub` of a string with `${...}` placeholders.
    Sub(String),
    /// `Fn::GetAtt` of a resource's attribute.
    GetAtt(String, String),
    /// `Fn::If`: the first value when the condition holds, else the second.
    If(String, Box<Expr>, Box<Expr>),
    /// `Fn::Equals` of two values (in `Conditions`).
    Equals(Box<Expr>, Box<Expr>),
    /// `Fn::Not` (in `Conditions`).
    Not(Box<Expr>),
    /// `Fn::And` (in `Conditions`).
    And(Vec<Expr>),
    /// A list.
    List(Vec<Expr>),
    /// A map, keys in the order given.
    Map(Map<String, Expr>),
}

/// A mapping whose keys keep the order they were inserted in. Template sections hold a few
/// dozen entries at most, so this is a list searched in order: no hashing, and much less code in
/// the wasm than a hash map per value type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Map<K, V>(Vec<(K, V)>);

impl<K: PartialEq, V> Map<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Map(Vec::new())
    }

    /// Sets `key` to `value`: in its place when the key is there (returning the old value),
    /// else last.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, slot)) => Some(std::mem::replace(slot, value)),
            None => {
                self.0.push((key, value));
                None
            }
        }
    }

    /// Whether `key` is there.
    pub fn contains_key<Q: PartialEq + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.0.iter().any(|(k, _)| k.borrow() == key)
    }

    /// The value of `key`.
    pub fn get<Q: PartialEq + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.0.iter().find(|(k, _)| k.borrow() == key).map(|(_, v)| v)
    }

    /// The value of `key`, to change it.
    pub fn get_mut<Q: PartialEq + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.0.iter_mut().find(|(k, _)| k.borrow() == key).map(|(_, v)| v)
    }

    /// Whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: PartialEq, V> Default for Map<K, V> {
    fn default() -> Self {
        Map::new()
    }
}

impl<K: PartialEq, V> FromIterator<(K, V)> for Map<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut map = Map::new();
        for (key, value) in pairs {
            map.insert(key, value);
        }
        map
    }
}

impl<K: Serialize, V: Serialize> Serialize for Map<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Expr {
    /// A literal string.
    pub fn str(value: impl Into<String>) -> Expr {
        Expr::Str(value.into())
    }

    /// `Ref` of `name`.
    pub fn reference(name: impl Into<String>) -> Expr {
        Expr::Ref(name.into())
    }

    /// `Fn::Sub` of `template`.
    pub fn sub(template: impl Into<String>) -> Expr {
        Expr::Sub(template.into())
    }

    /// `Fn::If` of `condition`.
    pub fn when(condition: &str, then: Expr, otherwise: Expr) -> Expr {
        Expr::If(condition.to_string(), Box::new(then), Box::new(otherwise))
    }

    /// `Ref: AWS::NoValue`, which removes the value it stands in.
    pub fn no_value() -> Expr {
        Expr::reference("AWS::NoValue")
    }

    /// A map from `(key, value)` pairs, in order.
    pub fn map<const N: usize>(pairs: [(&str, Expr); N]) -> Expr {
        Expr::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }
}

impl Serialize for Expr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        fn single<S: Serializer, V: Serialize + ?Sized>(s: S, key: &str, value: &V) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(1))?;
            map.serialize_entry(key, value)?;
            map.end()
        }
        match self {
            Expr::Str(s) => serializer.serialize_str(s),
            Expr::Int(i) => serializer.serialize_i64(*i),
            Expr::Ref(name) => single(serializer, "Ref", name),
            Expr::Sub(template) => single(serializer, "Fn::Sub", template),
            Expr::GetAtt(resource, attribute) => single(serializer, "Fn::GetAtt", &[resource, attribute]),
            Expr::If(condition, then, otherwise) => {
                single(serializer, "Fn::If", &(condition, then.as_ref(), otherwise.as_ref()))
            }
            Expr::Equals(a, b) => single(serializer, "Fn::Equals", &(a.as_ref(), b.as_ref())),
            Expr::Not(a) => single(serializer, "Fn::Not", &[a.as_ref()]),
            Expr::And(items) => single(serializer, "Fn::And", items),
            Expr::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Expr::Map(entries) => entries.serialize(serializer),
        }
    }
}

/// An entry of a list that may be present only under a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conditional<T> {
    /// Always present.
    Always(T),
    /// Present when the named condition holds (`Fn::If` with `AWS::NoValue`).
    When(String, T),
}

impl<T: Serialize> Serialize for Conditional<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Conditional::Always(value) => value.serialize(serializer),
            Conditional::When(condition, value) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("Fn::If", &(condition, value, Expr::no_value()))?;
                map.end()
            }
        }
    }
}

/// The YAML text of `value` (see [`crate::core::template::yaml`]). The one call to the YAML writer.
pub fn to_yaml<T: Serialize>(value: &T) -> String {
    crate::core::template::yaml::to_string(value)
        .expect("CloudFormation documents are maps of strings, numbers and lists")
}

/// The JSON text of `value`, two-space indented. The one JSON serializer.
pub fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("CloudFormation documents are maps of strings, numbers and lists")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_keeps_insertion_order_and_replaces_in_place() {
        let mut map: Map<&str, i32> = [("b", 1), ("a", 2)].into_iter().collect();
        assert_eq!(map.insert("c", 3), None);
        assert_eq!(map.insert("b", 4), Some(1));
        assert!(map.contains_key("a") && !map.contains_key("z"));
        *map.get_mut("a").unwrap() += 10;
        assert_eq!(serde_json::to_string(&map).unwrap(), r#"{"b":4,"a":12,"c":3}"#);
        assert!(Map::<String, i32>::default().is_empty());
    }
}
