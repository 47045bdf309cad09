//! Lint levels as rustc has them: `--allow`, `--warn`, `--deny` per lint (later flags win),
//! `--deny warnings`, and `--cap-lints`, applied to the diagnostics of a check. A rule AWS
//! rejects ([`Level::Error`]) is not a lint and keeps its level.

use crate::diagnostic::{Diagnostic, Level};
use crate::did_you_mean;
use crate::rules::Rule;

/// The name `--deny warnings` (and `--warn`/`--allow warnings`) gives every lint that is at
/// the warn level once the per-lint flags are applied.
pub const WARNINGS: &str = "warnings";

/// The user's lint settings, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintLevels {
    /// Per-lint levels; for the same lint, the last one wins.
    by_rule: Vec<(Rule, Level)>,
    /// The level every warning moves to (`--deny warnings`).
    warnings: Option<Level>,
    /// No lint is reported above this level (`--cap-lints`).
    cap: Option<Level>,
}

impl LintLevels {
    /// No settings: every lint at its default level.
    pub const fn new() -> LintLevels {
        LintLevels {
            by_rule: Vec::new(),
            warnings: None,
            cap: None,
        }
    }

    /// Sets `name` (a lint's code or `warnings`) to `level`. Rejects codes of rules AWS
    /// enforces, since those are not lints, and unknown names, with a suggestion.
    pub fn set(&mut self, name: &str, level: Level) -> Result<(), String> {
        if level == Level::Error {
            return Err("a lint level is allow, warn or deny".into());
        }
        if name == WARNINGS {
            self.warnings = Some(level);
            return Ok(());
        }
        match Rule::from_code(name) {
            Some(rule) if rule.is_lint() => {
                self.by_rule.push((rule, level));
                Ok(())
            }
            Some(rule) => Err(format!(
                "`{}` is not a lint: AWS rejects definitions that break it, so its level cannot \
                 change (see `workflow explain {}`)",
                rule.code(),
                rule.code()
            )),
            None => {
                let lints: Vec<&str> = Rule::ALL
                    .iter()
                    .filter(|r| r.is_lint())
                    .map(|r| r.code())
                    .chain([WARNINGS])
                    .collect();
                Err(format!(
                    "unknown lint `{name}`: {}",
                    did_you_mean::help(name, &lints)
                ))
            }
        }
    }

    /// Caps every lint at `level` (`--cap-lints warn` keeps only what AWS rejects as errors).
    pub fn cap(&mut self, level: Level) -> Result<(), String> {
        if level == Level::Error {
            return Err("--cap-lints takes allow, warn or deny".into());
        }
        self.cap = Some(level);
        Ok(())
    }

    /// The level of `rule`'s diagnostics under these settings.
    pub fn level_of(&self, rule: Rule) -> Level {
        let mut level = rule.level();
        if level == Level::Error {
            return level;
        }
        if let Some(&(_, set)) = self.by_rule.iter().rev().find(|(r, _)| *r == rule) {
            level = set;
        }
        if level == Level::Warn
            && let Some(warnings) = self.warnings
        {
            level = warnings;
        }
        match self.cap {
            Some(cap) if level < cap => cap,
            _ => level,
        }
    }

    /// Moves each lint diagnostic to its level and drops the allowed ones.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        apply_at(diagnostics, |_| self);
    }
}

/// Moves each lint diagnostic to the level that the settings `levels_at` gives for it (e.g. by
/// its location, as the `workflow!` macro's `#[allow(…)]` on a state scopes a lint to that
/// state) and drops the allowed ones.
pub fn apply_at<'l>(
    diagnostics: &mut Vec<Diagnostic>,
    levels_at: impl Fn(&Diagnostic) -> &'l LintLevels,
) {
    for d in diagnostics.iter_mut() {
        let level = levels_at(d).level_of(d.rule);
        d.set_level(level);
    }
    diagnostics.retain(|d| d.level != Level::Allow);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_flags_win_and_cap_applies_last() {
        let mut l = LintLevels::default();
        assert_eq!(l.level_of(Rule::UnknownStatesError), Level::Deny);
        l.set("unknown-states-error", Level::Allow).unwrap();
        assert_eq!(l.level_of(Rule::UnknownStatesError), Level::Allow);
        l.set("unknown-states-error", Level::Warn).unwrap();
        l.set(WARNINGS, Level::Deny).unwrap();
        assert_eq!(l.level_of(Rule::UnknownStatesError), Level::Deny);
        assert_eq!(l.level_of(Rule::NoDollar), Level::Deny);
        l.cap(Level::Warn).unwrap();
        assert_eq!(l.level_of(Rule::UnknownStatesError), Level::Warn);
        assert_eq!(l.level_of(Rule::NoDollar), Level::Warn);
        // What AWS rejects is not a lint: neither flags nor the cap move it.
        assert_eq!(l.level_of(Rule::NextUnknownState), Level::Error);
    }

    #[test]
    fn errors_and_unknown_names_are_refused() {
        let mut l = LintLevels::default();
        let e = l.set("next-unknown-state", Level::Allow).unwrap_err();
        assert!(e.contains("is not a lint"), "{e}");
        let e = l.set("no-dolar", Level::Allow).unwrap_err();
        assert!(e.contains("no-dollar"), "{e}");
    }
}
