//! "Did you mean …?": the one way every part of workflow-rs (the parser, the validator, the
//! macros, the deploy tool) picks the known name closest to a misspelt one.
//!
//! The metric is the one rustc uses for its own suggestions, so a user meets the same judgement
//! in our messages as in the compiler's around them:
//!
//! - a candidate equal to the word but for case wins outright (`task` for `Task`);
//! - otherwise the candidate with the smallest edit distance, compared without case, where an
//!   edit is inserting, deleting or replacing a character or swapping two adjacent ones
//!   (optimal string alignment, so `inptu` is one edit from `input`);
//! - and only when that distance is at most a third of the word's length (at least one), so a
//!   short word is not "corrected" into an unrelated one. Ties go to the candidate that sorts
//!   first, so the answer does not depend on the order of the candidates (often a hash set);
//! - failing that, the one candidate that begins the word or that the word begins (three
//!   characters at least, case aside): an abbreviation such as `PROD` for `PRODUCTION`, or a
//!   name with something added such as `WEBSITE` for `WEB`, which no edit count calls close.
//!
//! An edit count is easy to explain in a message and to predict in a test, which the
//! similarity scores (Jaro-Winkler, normalized distances) used before were not: their
//! thresholds let long shared prefixes pull in names that are many edits away.
//!
//! ```
//! use workflow_core::did_you_mean::closest;
//!
//! assert_eq!(closest("nxt", ["next", "end"]), Some("next"));
//! assert_eq!(closest("Task", ["task", "pass"]), Some("task"));
//! assert_eq!(closest("payload", ["next", "end"]), None);
//! ```

/// The candidate closest to `word`, if it is close enough to be a likely typo (see the module
/// docs for the metric).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    let mut extensions: Vec<&'a str> = Vec::new();
    for candidate in candidates {
        let candidate_lower = candidate.to_lowercase();
        // Rank 0 for a match but for case, else one more than the distance.
        let rank = if candidate_lower == lower {
            0
        } else {
            let distance = edit_distance(&lower, &candidate_lower);
            if distance > limit {
                let (short, long) = if lower.len() < candidate_lower.len() {
                    (&lower, &candidate_lower)
                } else {
                    (&candidate_lower, &lower)
                };
                if short.chars().count() >= 3 && long.starts_with(short.as_str()) {
                    extensions.push(candidate);
                }
                continue;
            }
            distance + 1
        };
        if best.is_none_or(|b| (rank, candidate) < b) {
            best = Some((rank, candidate));
        }
    }
    match (best, extensions.as_slice()) {
        (Some((_, candidate)), _) => Some(candidate),
        (None, [only]) => Some(only),
        (None, _) => None,
    }
}

/// `did you mean `x`?` for the closest candidate, else `expected one of: a, b, c`: the help
/// line of an unknown name.
pub fn help(word: &str, candidates: &[&str]) -> String {
    match closest(word, candidates.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("expected one of: {}", candidates.join(", ")),
    }
}

/// The optimal string alignment distance between `a` and `b`, by characters: Levenshtein
/// distance with a swap of two adjacent characters counted as one edit.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two back (for swaps), the previous one and the current one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("tsk", "task"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("inptu", "input"), 1);
        assert_eq!(edit_distance("abcd", "abdc"), 1);
        assert_eq!(edit_distance("é", "e"), 1);
    }

    #[test]
    fn suggestions() {
        let kinds = ["task", "pass", "choice", "parallel", "map"];
        assert_eq!(closest("paralel", kinds), Some("parallel"));
        assert_eq!(closest("PASS", kinds), Some("pass"));
        assert_eq!(closest("zzzzzz", kinds), None);
        // A third of the word's length: two edits for a six-letter word, not three.
        assert_eq!(closest("chocie", kinds), Some("choice"));
        assert_eq!(closest("cxxxce", kinds), None);
        // A match but for case beats everything; ties go to the candidate that sorts first.
        assert_eq!(closest("ab", ["aa", "bb", "AB"]), Some("AB"));
        assert_eq!(closest("ab", ["bb", "aa"]), Some("aa"));
        // An abbreviation of exactly one candidate.
        assert_eq!(closest("PROD", ["PRODUCTION", "BETA"]), Some("PRODUCTION"));
        assert_eq!(closest("pro", ["production", "profile"]), None);
        assert_eq!(closest("pr", ["production"]), None);
        assert_eq!(closest("WEBSITE", ["WEB", "WEB_COMPUTE"]), Some("WEB"));
        assert_eq!(help("mian", &["main", "dev"]), "did you mean `main`?");
        assert_eq!(help("zzz", &["main", "dev"]), "expected one of: main, dev");
    }
}
