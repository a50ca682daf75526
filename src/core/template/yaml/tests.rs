//! The YAML writer: its quoting against JSON's, and the block layout it writes.

use crate::core::template::cfn::Map;
use serde_json::json;

use super::*;

#[test]
fn double_quoted_strings_escape_as_json_does() {
    let every_control: String = (0u8..0x20).map(char::from).collect();
    for text in ["a\nb", "tab\there", "quote \" and \\", "\u{7f}\u{85}é😀", every_control.as_str(), ""] {
        let mut out = String::new();
        write_double_quoted(&mut out, text);
        assert_eq!(out, serde_json::to_string(text).unwrap(), "{text:?}");
    }
}

#[test]
fn writes_block_yaml() {
    let value = json!({
        "a": "2010-09-09",
        "b": {"c": [1, {"d": true, "e": []}, ["x", "y"]], "f": {}},
        "g": "plain text",
        "h": "it's: quoted",
        "i": "line\nbreak",
        "j": null,
    });
    let expected = "a: '2010-09-09'\nb:\n  c:\n  - 1\n  - d: true\n    e: []\n  - - x\n    - 'y'\n  f: {}\ng: plain text\nh: 'it''s: quoted'\ni: \"line\\nbreak\"\nj: null\n";
    assert_eq!(to_string(&value).unwrap(), expected);
}

#[test]
fn empty_and_scalar_documents() {
    assert_eq!(to_string(&Map::<String, u8>::new()).unwrap(), "{}\n");
    assert_eq!(to_string(&Vec::<u8>::new()).unwrap(), "[]\n");
    assert_eq!(to_string("yes").unwrap(), "'yes'\n");
    assert!(to_string(&std::collections::BTreeMap::from([(1, 2)])).is_err());
}
