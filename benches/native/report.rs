//! bench.md from bench.json (see benches/site.rs).

use super::*;

pub(super) fn kb(bytes: f64) -> String {
    format!("{:.1} KB", bytes / 1024.0)
}

pub(super) fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "**missed**"
    }
}

pub(super) fn markdown(r: &Value) -> String {
    let mut md = String::new();
    let m = &r["machine"];
    md += &format!(
        "# ocelot-setup benchmarks\n\n{} · {} × {} · {} · {}\n\n",
        m["date"].as_str().unwrap_or_default(),
        m["cores"],
        m["cpu"].as_str().unwrap_or_default(),
        m["chromium"].as_str().unwrap_or_default(),
        m["rustc"].as_str().unwrap_or_default()
    );

    md += "## Bytes shipped (dist/: what index.html loads first, and every later JS or wasm module)\n\n| file | loaded | raw | gzip -9 | brotli -q 11 |\n|---|---|---:|---:|---:|\n";
    let size = &r["size"];
    for file in size["files"].as_array().into_iter().flatten() {
        md += &format!(
            "| {} (`{}`) | {} | {} | {} | {} |\n",
            file["kind"].as_str().unwrap_or_default(),
            file["file"].as_str().unwrap_or_default(),
            file["loaded"].as_str().unwrap_or_default(),
            file["raw"],
            file["gzip"],
            file["brotli"]
        );
    }
    let total = &size["total"];
    md += &format!(
        "| **total** | | {} ({}) | {} ({}) | **{} ({})** |\n\nLoaded first: {} brotli; with a shared link, the early paint's {} beside it.\n\n",
        total["raw"],
        kb(f(total, "raw")),
        total["gzip"],
        kb(f(total, "gzip")),
        total["brotli"],
        kb(f(total, "brotli")),
        kb(f(size, "first_load_brotli")),
        kb(f(size, "early_paint_brotli"))
    );
    let contributors = &size["wasm_contributors"];
    md += &format!(
        "Largest contributors inside the wasm (twiggy, {}; {} bytes of code and data):\n\n| crate | bytes |\n|---|---:|\n",
        contributors["measured_on"].as_str().unwrap_or_default(),
        contributors["total"]
    );
    for c in contributors["by_crate"].as_array().into_iter().flatten().take(10) {
        md += &format!("| {} | {} |\n", c["crate"].as_str().unwrap_or_default(), c["bytes"]);
    }
    md += "\n| largest items | bytes |\n|---|---:|\n";
    for item in contributors["top_items"].as_array().into_iter().flatten().take(10) {
        let name = item["item"].as_str().unwrap_or_default().replace('|', "\\|");
        let short: String = name.chars().take(90).collect();
        md += &format!("| `{short}` | {} |\n", item["bytes"]);
    }

    let load = &r["load"];
    let (w, fl) = (&load["template"]["shared_link"], &load["template"]["floor"]);
    let (form, form_floor) = (&load["form"]["bare_page"], &load["form"]["floor"]);
    let form_ratio = f(&load["form"], "ratio_median");
    let keys = &r["keystroke"];
    let render = &r["render"]["cases"];
    let cli = &r["cli"]["times"];
    let lh = &r["lighthouse"];
    let brotli = f(total, "brotli");
    let ratio = f(&load["template"], "ratio_median");
    let p95 = f(&keys["unlimited_frame_rate"]["painted"], "p95");
    let cli_median = f(cli, "median");
    let render_typical = f(&render["typical"], "mean_us");
    let render_scoped = f(&render["ids_branch"], "mean_us");
    let score = |preset: &str, c: &str| f(&lh[preset], c);
    md += "\n## Against the targets\n\n| figure | measured | target | |\n|---|---|---|---|\n";
    md +=
        &format!("| brotli total | {} | ≤ 120 KB | {} |\n", kb(brotli), verdict(brotli <= TARGET_BROTLI_TOTAL as f64));
    md += &format!(
        "| shared link: load to template painted (Element Timing of its first line, median, {} cold loads) | wizard {:.0} ms / floor {:.0} ms = **{:.2}×** (the template-shown marks: {:.0} / {:.0} ms = {:.2}×; largest contentful paints: {:.0} / {:.0} ms = {:.2}×) | ≤ 1.5× | {} |\n",
        w["n"],
        f(w, "median"),
        f(fl, "median"),
        ratio,
        f(&load["template_mark"]["shared_link"], "median"),
        f(&load["template_mark"]["floor"], "median"),
        f(&load["template_mark"], "ratio_median"),
        f(&load["template_lcp"]["shared_link"], "median"),
        f(&load["template_lcp"]["floor"], "median"),
        f(&load["template_lcp"], "ratio_median"),
        verdict(ratio <= TARGET_LOAD_RATIO)
    );
    let page_ratio = f(&load["template_page_floor"], "ratio_median");
    md += &format!(
        "| shared link: load to template painted, against the wizard's own page on that link saved as static HTML (Element Timing, median) | wizard {:.0} ms / page floor {:.0} ms = **{:.2}×** | ≤ 1.5× | {} |\n",
        f(w, "median"),
        f(&load["template_page_floor"]["page_floor"], "median"),
        page_ratio,
        verdict(page_ratio <= TARGET_LOAD_RATIO)
    );
    md += &format!(
        "| bare page: load to the form painted (first contentful paint, median) | {:.0} ms / the same page without its wasm {:.0} ms = **{:.2}×** | ≤ 1.2× | {} |\n",
        f(form, "median"),
        f(form_floor, "median"),
        form_ratio,
        verdict(form_ratio <= TARGET_FORM_RATIO)
    );
    md += &format!(
        "| keystroke to preview, p95 ({} keystrokes, frame rate unlimited): next frame (rendered in its own frame) | {:.2} ms ({:.2}); p50 {:.2} ({:.2}); the typing floor page: p95 {:.2} ({:.2}) | ≤ 4 ms | {} |\n",
        keys["keystrokes"],
        p95,
        f(&keys["unlimited_frame_rate"]["updated"], "p95"),
        f(&keys["unlimited_frame_rate"]["painted"], "median"),
        f(&keys["unlimited_frame_rate"]["updated"], "median"),
        f(&keys["floor_unlimited_frame_rate"]["painted"], "p95"),
        f(&keys["floor_unlimited_frame_rate"]["updated"], "p95"),
        verdict(p95 <= TARGET_KEYSTROKE_P95_MS)
    );
    md += &format!(
        "| CLI `template` as a process (median, {} runs) | {:.2} ms (mean {:.2}, p95 {:.2}) | ≤ 5 ms | {} |\n",
        cli["n"],
        cli_median,
        f(cli, "mean"),
        f(cli, "p95"),
        verdict(cli_median <= TARGET_CLI_MS)
    );
    md += &format!(
        "| render in process (criterion mean) | typical {:.1} µs, ids+branch {:.1} µs | ≤ 50 µs | {} |\n",
        render_typical,
        render_scoped,
        verdict(render_typical.max(render_scoped) <= TARGET_RENDER_US)
    );
    for preset in ["mobile", "desktop", "mobile_bare_page"] {
        let (p, a, b, s) = (
            score(preset, "performance"),
            score(preset, "accessibility"),
            score(preset, "best-practices"),
            score(preset, "seo"),
        );
        md += &format!(
            "| Lighthouse {preset} on `{}` (median of 3 runs; performance in each: {}; LCP {:.0} ms): performance / accessibility / best practices / SEO | {p} / {a} / {b} / {s} | ≥ 98 / 100 / 100 / 100 | {} |\n",
            lh[preset]["url"].as_str().unwrap_or_default(),
            lh[preset]["performance_runs"],
            f(&lh[preset], "lcp_ms"),
            verdict(p >= 98.0 && a >= 100.0 && b >= 100.0 && s >= 100.0)
        );
    }

    md += "\n## Load (ms from navigation start: the template painted, the form painted)\n\n| page | min | median | p90 | max |\n|---|---:|---:|---:|---:|\n";
    for (name, s) in [
        ("shared link, template painted (Element Timing)", w),
        ("floor (static `<pre>`), template painted (Element Timing)", fl),
        ("shared link, largest contentful paint", &load["template_lcp"]["shared_link"]),
        (
            "page floor (the wizard's page on the link, static), template painted (Element Timing)",
            &load["template_page_floor"]["page_floor"],
        ),
        ("bare page, form painted (FCP)", form),
        ("bare page without its wasm, form painted (FCP)", form_floor),
    ] {
        md += &format!(
            "| {name} | {:.1} | {:.1} | {:.1} | {:.1} |\n",
            f(s, "min"),
            f(s, "median"),
            f(s, "p90"),
            f(s, "max")
        );
    }
    for (page, key, end) in [("shared link", "shared_link_phases", w), ("bare page", "bare_page_phases", form)] {
        let phases = &load[key];
        let steps: Vec<String> = super::browser::PHASES
            .iter()
            .map(|(name, key)| format!("{name} {:.1}", f(&phases[*key], "median")))
            .collect();
        md += &format!(
            "\nWhere the {page}'s load goes (median ms from navigation start): {}; {} {:.1}.\n",
            steps.join(", "),
            if page == "shared link" { "template painted" } else { "form painted" },
            f(end, "median")
        );
    }
    // A count, though the JSON holds it as a float (1.0).
    let fetches = match load["wasm_fetches_per_load_max"].as_f64() {
        Some(n) => ocelot_setup::core::text::counted(n as usize, "time", "times"),
        None => "an unmeasured number of times".to_string(),
    };
    md += &format!("\nThe wasm was fetched at most {fetches} per load.\n");
    md += "\n## Keystroke to preview (ms)\n\nThe floor page: the same template in a static `<pre>` beside an input whose handler writes what is typed into the template's first line, the least a page can do; what Chromium itself costs per keystroke on this machine.\n\n| frame rate | stage | p50 | p95 | max |\n|---|---|---:|---:|---:|\n";
    for (name, key) in [
        ("60 Hz (default)", "default_frame_rate"),
        ("unlimited", "unlimited_frame_rate"),
        ("floor page, unlimited", "floor_unlimited_frame_rate"),
    ] {
        for stage in ["updated", "painted"] {
            let s = &keys[key][stage];
            md += &format!("| {name} | {stage} | {:.2} | {:.2} | {:.2} |\n", f(s, "median"), f(s, "p95"), f(s, "max"));
        }
    }
    md += &format!(
        "\nKeystrokes whose template was not in the DOM when measured: {} (60 Hz), {} (unlimited).\n",
        keys["default_frame_rate"]["keystrokes_not_shown"], keys["unlimited_frame_rate"]["keystrokes_not_shown"]
    );
    md
}
