//! A docs site that embeds the wizard, as the ocelot docs do: a theme with aggressive global
//! CSS of its own, an inline embed (the README's HTML snippet) and an iframe embed (the Hugo
//! shortcode's frame and resize script), both pointing at the sub-path build.

use std::path::Path;

use crate::server::SUBPATH;

/// Where the hosted generic template is said to be (turns on the quick-create link).
pub const TEMPLATE_URL: &str = "https://my-bucket.s3.us-east-1.amazonaws.com/ocelot-setup-generic.yaml";
/// The page with the wizard inline.
pub const INLINE: &str = "/ocelot/docs/inline/";
/// The same page without the wizard.
pub const PLAIN: &str = "/ocelot/docs/plain/";
/// The page with the wizard in an iframe.
pub const IFRAME: &str = "/ocelot/docs/iframe/";

/// A page of the docs site.
pub struct HostPage {
    /// Its media type.
    pub content_type: &'static str,
    /// Its text.
    pub body: String,
    /// Served with the wizard's Content-Security-Policy (the inline pages: the docs adopt it).
    pub locked_down: bool,
}

/// The docs site's page at `path`, if it has one; `query` is passed on to the iframe.
pub fn page(path: &str, query: &str) -> Option<HostPage> {
    let html =
        |body: String, locked_down| Some(HostPage { content_type: "text/html; charset=utf-8", body, locked_down });
    match path {
        "/ocelot/docs/theme.css" => {
            Some(HostPage { content_type: "text/css; charset=utf-8", body: THEME.to_string(), locked_down: false })
        }
        INLINE => html(layout(&readme_snippet()), true),
        PLAIN => html(layout(""), true),
        IFRAME => {
            let query = if query.is_empty() { String::new() } else { format!("&{query}") };
            html(layout(&shortcode_iframe(&format!("{SUBPATH}?embed=1{query}"))), false)
        }
        _ => None,
    }
}

/// A theme whose element and universal rules would restyle any widget that does not guard
/// itself. No `!important`: nothing short of a shadow root or an iframe beats those.
const THEME: &str = r#"
* { font-family: Georgia, "Times New Roman", serif; color: #602; letter-spacing: 0.04em; }
body { margin: 0; background: #fdf6e3; line-height: 2.2; word-spacing: 0.2em; }
header, main { display: block; padding: 1rem 2rem; }
h1, h2, h3 { text-transform: uppercase; font-size: 2.6rem; font-weight: 300; margin: 2rem 0; text-decoration: underline; }
p { margin: 1.5em 0; text-indent: 2em; font-style: italic; }
a { color: red; text-decoration: none; font-weight: bold; }
button { background: hotpink; border: 4px solid #602; border-radius: 0; padding: 1em 2em; text-transform: uppercase; font-size: 20px; }
input, select, textarea { border: 3px dashed red; background: #ffd; font-size: 22px; padding: 1em; border-radius: 0; }
label, legend { display: none; }
fieldset { border: 5px double #602; margin: 2em; }
pre { background: black; color: lime; font-family: fantasy; padding: 2em; white-space: pre-wrap; }
code { background: yellow; font-family: cursive; }
ul, ol { list-style: square; padding-left: 4em; }
nav { background: #602; }
div { outline: 1px dotted #999; }
"#;

fn layout(content: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Set up your fork · ocelot docs</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/ocelot/docs/theme.css" />
  </head>
  <body>
    <header><a href="/ocelot/docs/">ocelot docs</a> <button class="host-button" type="button">Search</button></header>
    <main>
      <h1 class="host-title">Set up your fork</h1>
      <p class="host-para">Your fork publishes Lambda layers into your own AWS account. The wizard below makes the template.</p>
{content}
      <p class="host-para">Then run the publish workflow.</p>
    </main>
  </body>
</html>
"#
    )
}

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The README's "plain HTML page" snippet, with a real template URL for its `https://…`.
fn readme_snippet() -> String {
    let readme = read("README.md");
    let after = readme.split_once("In a plain HTML page").expect("README: the plain HTML page snippet").1;
    let block = after.split_once("```html\n").expect("README: an html block after \"In a plain HTML page\"").1;
    let snippet = block.split_once("```").expect("README: the html block ends").0;
    assert!(snippet.contains("https://…"), "README's snippet has a https://… template URL: {snippet}");
    assert!(snippet.contains(&format!("src=\"{SUBPATH}embed.js\"")), "README's snippet loads {SUBPATH}embed.js");
    snippet.replace("https://…", TEMPLATE_URL)
}

/// The Hugo shortcode's iframe (pointing at `src`) and its resize script, as Hugo renders them.
fn shortcode_iframe(src: &str) -> String {
    let shortcode = read("docs/hugo/layouts/shortcodes/ocelot-setup.html");
    let frame = shortcode
        .lines()
        .find(|l| l.starts_with("<iframe class=\"ocelot-setup-frame\""))
        .expect("the shortcode's iframe");
    let templated = r#"{{ $src }}?{{ delimit $query "&" | safeURL }}"#;
    assert!(frame.contains(templated), "the shortcode's iframe src is {templated}: {frame}");
    let frame = frame.replace(templated, &src.replace('&', "&amp;"));
    let start = shortcode.find("<script>").expect("the shortcode's resize script");
    let end = start + shortcode[start..].find("</script>").expect("the script ends") + "</script>".len();
    format!("{frame}\n{}", &shortcode[start..end])
}
