//! Counts in sentences: "1 request", "3 requests", never "request(s)"; "6,000", not "6000".

/// `n` and the noun it counts, singular for one: `counted(1, "job", "jobs")` is "1 job".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{} {many}", grouped(n)),
    }
}

/// `n` with its thousands grouped by commas, as a sentence writes it: "6,000", "100".
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(counted(1, "workflow file", "workflow files"), "1 workflow file");
        assert_eq!(counted(0, "workflow file", "workflow files"), "0 workflow files");
        assert_eq!(counted(3, "job", "jobs"), "3 jobs");
        assert_eq!(counted(6_000, "character", "characters"), "6,000 characters");
    }

    #[test]
    fn thousands_are_grouped_by_commas() {
        use super::grouped;
        let cases =
            [(0, "0"), (999, "999"), (1_000, "1,000"), (6_000, "6,000"), (65_536, "65,536"), (1_234_567, "1,234,567")];
        for (n, text) in cases {
            assert_eq!(grouped(n), text);
        }
    }
}
