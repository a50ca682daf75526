//! Counts in sentences: "1 request", "3 requests", never "request(s)".

/// `n` and the noun it counts, singular for one: `counted(1, "job", "jobs")` is "1 job".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(counted(1, "workflow file", "workflow files"), "1 workflow file");
        assert_eq!(counted(0, "workflow file", "workflow files"), "0 workflow files");
        assert_eq!(counted(3, "job", "jobs"), "3 jobs");
    }
}
