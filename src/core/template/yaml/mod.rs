//! A small streaming YAML writer for serde: block style, two-space indent, keys in the order
//! they are serialized, and every string that a YAML 1.1 or 1.2 reader could take for anything
//! but a string (`2010-09-09`, `yes`, `0123`) quoted. It writes straight into one buffer, with
//! no intermediate tree.

use std::fmt;

use serde::ser::{self, Impossible, Serialize};

/// Why a value could not be written: only non-string map keys are refused.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// The YAML text of `value`.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = String::with_capacity(16 * 1024);
    value.serialize(Writer { out: &mut out, place: Place::Top })?;
    Ok(out)
}

/// Where a value is written.
#[derive(Clone, Copy)]
enum Place {
    /// The document itself.
    Top,
    /// After `key:`, the key at `indent`.
    Value { indent: usize },
    /// A list item whose `- ` goes at `indent`; `inline` when the cursor is already there.
    Item { indent: usize, inline: bool },
}

fn spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// Writes `s` as a YAML scalar: plain when nothing could misread it, else quoted.
fn write_str(out: &mut String, s: &str) {
    // Words YAML 1.1 readers take for booleans or null; `~`, `<<` and `=` cannot be plain here
    // anyway, as a plain scalar starts with a letter or `/`.
    const WORDS: [&str; 9] = ["true", "false", "yes", "no", "on", "off", "y", "n", "null"];
    let plain = s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
        && !s.ends_with([' ', ':'])
        && s.chars().all(|c| c.is_ascii_alphanumeric() || " _./:()<>'=+,@-".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !WORDS.iter().any(|w| w.eq_ignore_ascii_case(s));
    if plain {
        out.push_str(s);
    } else if !s.chars().any(char::is_control) {
        out.push('\'');
        out.push_str(&s.replace('\'', "''"));
        out.push('\'');
    } else {
        write_double_quoted(out, s);
    }
}

/// A double-quoted scalar with JSON's escapes (all of them valid in YAML): `"`, `\\` and the
/// control characters below U+0020.
fn write_double_quoted(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(u32::from(c) >> 4) as usize] as char);
                out.push(HEX[(u32::from(c) & 0xf) as usize] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Writer<'a> {
    out: &'a mut String,
    place: Place,
}

impl<'a> Writer<'a> {
    fn scalar(self, text: impl FnOnce(&mut String)) -> Result<(), Error> {
        match self.place {
            Place::Top => {}
            Place::Value { .. } => self.out.push(' '),
            Place::Item { indent, inline } => {
                if !inline {
                    spaces(self.out, indent);
                }
                self.out.push_str("- ");
            }
        }
        text(self.out);
        self.out.push('\n');
        Ok(())
    }

    fn compound(self, map: bool) -> Compound<'a> {
        let (indent, prefix, inline) = match self.place {
            Place::Top => (0, String::new(), false),
            Place::Value { indent } => (if map { indent + 2 } else { indent }, "\n".to_string(), false),
            Place::Item { indent, inline } => {
                let mut prefix = String::new();
                if !inline {
                    spaces(&mut prefix, indent);
                }
                prefix.push_str("- ");
                (indent + 2, prefix, true)
            }
        };
        Compound { out: self.out, place: self.place, map, indent, prefix: Some(prefix), inline }
    }
}

/// A map or a list being written; opened (its prefix written) by its first entry.
struct Compound<'a> {
    out: &'a mut String,
    place: Place,
    map: bool,
    indent: usize,
    prefix: Option<String>,
    inline: bool,
}

impl Compound<'_> {
    /// Writes the prefix before the first entry, then the entry's indentation.
    fn open_entry(&mut self) {
        if let Some(prefix) = self.prefix.take() {
            self.out.push_str(&prefix);
        }
        if self.inline {
            self.inline = false;
        } else if self.map {
            spaces(self.out, self.indent);
        }
    }

    fn item_place(&mut self) -> Place {
        let inline = std::mem::take(&mut self.inline);
        if let Some(prefix) = self.prefix.take() {
            self.out.push_str(&prefix);
        }
        Place::Item { indent: self.indent, inline }
    }

    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.open_entry();
        write_str(self.out, key);
        self.out.push(':');
        value.serialize(Writer { out: self.out, place: Place::Value { indent: self.indent } })
    }

    fn finish(self) -> Result<(), Error> {
        if self.prefix.is_none() {
            return Ok(());
        }
        let empty = if self.map { "{}" } else { "[]" };
        match self.place {
            Place::Top => {}
            Place::Value { .. } => self.out.push(' '),
            Place::Item { indent, inline } => {
                if !inline {
                    spaces(self.out, indent);
                }
                self.out.push_str("- ");
            }
        }
        self.out.push_str(empty);
        self.out.push('\n');
        Ok(())
    }
}

/// A map being written: the key waits for its value.
struct MapWriter<'a> {
    compound: Compound<'a>,
    key: Option<String>,
}

macro_rules! scalar_methods {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result<(), Error> {
            self.scalar(|out| out.push_str(&v.to_string()))
        })*
    };
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = MapWriter<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    scalar_methods!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_f32: f32, serialize_f64: f64);

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.scalar(|out| write_str(out, v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.scalar(|out| write_str(out, v))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Err(Error("bytes have no YAML form here".into()))
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.scalar(|out| out.push_str("null"))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut map = self.compound(true);
        map.entry(variant, value)?;
        map.finish()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.compound(false))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.compound(false))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.compound(false))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        Err(Error("tuple variants have no YAML form here".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapWriter<'a>, Error> {
        Ok(MapWriter { compound: self.compound(true), key: None })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.compound(true))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        Err(Error("struct variants have no YAML form here".into()))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let place = self.item_place();
        value.serialize(Writer { out: self.out, place })
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.entry(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.entry(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeMap for MapWriter<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key.serialize(KeyText)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self.key.take().ok_or_else(|| Error("a map value came before its key".into()))?;
        self.compound.entry(&key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.compound.finish()
    }
}

/// Reads a map key, which must be a string.
struct KeyText;

macro_rules! refuse_key {
    ($($method:ident($($arg:ty),*)),*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<String, Error> {
            Err(Error("map keys must be strings".into()))
        })*
    };
}

impl ser::Serializer for KeyText {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = Impossible<String, Error>;
    type SerializeTuple = Impossible<String, Error>;
    type SerializeTupleStruct = Impossible<String, Error>;
    type SerializeTupleVariant = Impossible<String, Error>;
    type SerializeMap = Impossible<String, Error>;
    type SerializeStruct = Impossible<String, Error>;
    type SerializeStructVariant = Impossible<String, Error>;

    fn serialize_str(self, v: &str) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<String, Error> {
        Ok(variant.to_string())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, Error> {
        Err(Error("map keys must be strings".into()))
    }
    refuse_key!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str)
    );
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(Error("map keys must be strings".into()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(Error("map keys must be strings".into()))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(Error("map keys must be strings".into()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error("map keys must be strings".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(Error("map keys must be strings".into()))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(Error("map keys must be strings".into()))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error("map keys must be strings".into()))
    }
}

#[cfg(test)]
mod tests;
