//! Diagnostics are data: a rule (stable code and severity), a location, a message and a help line.
//!
//! Front ends (the JSON/YAML parser, the macro) resolve a [`Location`]'s JSON Pointer to their own
//! positions: line and column for text, a token span for the macro.

use crate::rules::Rule;
use std::fmt;

/// How bad a diagnostic is: whether it fails the definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// AWS would refuse the definition, or a denied lint found it certainly wrong.
    Error,
    /// AWS accepts the definition but it very likely does not do what was meant.
    Warning,
}

/// The level of a rule, as rustc and clippy have them: [`Level::Error`] is what AWS rejects and
/// cannot be changed; the others are lints, whose level the user sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// AWS rejects the definition.
    Error,
    /// A lint that fails the definition: certainly wrong, though AWS accepts it.
    Deny,
    /// A lint that is reported and does not fail the definition.
    Warn,
    /// A lint that is not reported.
    Allow,
}

impl Level {
    /// The severity a diagnostic at this level is reported with (an allowed lint is not
    /// reported at all; it maps to a warning).
    pub fn severity(self) -> Severity {
        match self {
            Level::Error | Level::Deny => Severity::Error,
            Level::Warn | Level::Allow => Severity::Warning,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Deny => "deny",
            Level::Warn => "warn",
            Level::Allow => "allow",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A line and column (both 1-based, column counted in characters) plus the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
}

/// Where a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Location {
    /// RFC 6901 JSON Pointer into the definition, e.g. `/States/Charge/Retry/0/ErrorEquals/1`.
    pub pointer: String,
    /// The state the diagnostic is about, as a human-readable path such as
    /// `Parallel "Fanout" › branch 1 › "Charge"`; empty for the top level.
    pub state_path: String,
    /// Point at the member's key rather than its value (for unknown or forbidden fields).
    pub at_key: bool,
}

/// One finding of the parser or the validator.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Diagnostic {
    #[serde(serialize_with = "ser_rule")]
    pub rule: Rule,
    pub severity: Severity,
    /// The level the diagnostic was reported at: `error` (AWS rejects it), `deny` or `warn`.
    pub level: Level,
    pub message: String,
    pub help: Option<String>,
    #[serde(flatten)]
    pub location: Location,
    /// Resolved by a text front end; `None` when the pointer has no position (the macro, or a
    /// pointer to a member that is absent).
    pub pos: Option<Pos>,
    /// Other places that explain this one, as rustc's notes do: the first state of a duplicated
    /// name, for one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

/// A secondary location of a [`Diagnostic`], with what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Note {
    pub message: String,
    /// RFC 6901 JSON Pointer into the definition.
    pub pointer: String,
    /// Point at the member's key rather than its value.
    pub at_key: bool,
    /// Resolved by a text front end, as [`Diagnostic::pos`] is.
    pub pos: Option<Pos>,
}

fn ser_rule<S: serde::Serializer>(rule: &Rule, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(rule.code())
}

impl Diagnostic {
    /// A diagnostic of `rule` with the rule's default severity.
    pub fn new(rule: Rule, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity(),
            level: rule.level(),
            message: message.into(),
            help: None,
            location,
            pos: None,
            notes: Vec::new(),
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The diagnostic fails the definition: AWS rejects it, or it is a denied lint.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// AWS rejects the definition for this diagnostic (it is not a lint).
    pub fn is_rejected_by_aws(&self) -> bool {
        self.level == Level::Error
    }

    /// Moves a lint to `level`; a diagnostic AWS rejects stays an error.
    pub fn set_level(&mut self, level: Level) {
        if self.level != Level::Error && level != Level::Error {
            self.level = level;
            self.severity = level.severity();
        }
    }

    /// The stable code of the rule, e.g. `next-unknown-state`.
    pub fn code(&self) -> &'static str {
        self.rule.code()
    }
}

impl Diagnostic {
    /// The diagnostic as rustc reports one: `error[code]: message`, `--> file:line:column`, the
    /// offending line of `text` with carets under its token (when the text is given and the
    /// diagnostic has a position), then the state, the JSON Pointer and the help, one line
    /// each, each ending in a newline.
    ///
    /// ```
    /// use workflow_core::{Format, Options, check};
    /// let text = r#"{"StartAt": "A", "States": {}}"#;
    /// let report = check(text, Format::Json, &Options::default());
    /// let shown = report.diagnostics[0].rustc_style("m.asl.json", Some(text));
    /// assert!(shown.starts_with("error["));
    /// assert!(shown.contains("--> m.asl.json:1:"));
    /// ```
    pub fn rustc_style(&self, file: &str, text: Option<&str>) -> String {
        use fmt::Write as _;
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = writeln!(out, "{}[{}]: {}", self.severity, self.code(), self.message);
        match self.pos {
            Some(pos) => {
                let _ = writeln!(out, "  --> {file}:{}:{}", pos.line, pos.column);
                let line = text.and_then(|t| t.lines().nth((pos.line as usize).wrapping_sub(1)));
                if let Some(line) = line {
                    let number = pos.line.to_string();
                    let pad = " ".repeat(number.len());
                    let col = (pos.column as usize).saturating_sub(1);
                    let shown: String = line.chars().take(200).collect();
                    let width = token_width(line, col).max(1);
                    let _ = writeln!(out, "{pad} |");
                    let _ = writeln!(out, "{number} | {shown}");
                    let carets = "^".repeat(width.min(80));
                    let _ = writeln!(out, "{pad} | {}{carets}", " ".repeat(col.min(200)));
                }
            }
            None => {
                let _ = writeln!(out, "  --> {file}");
            }
        }
        if !self.location.state_path.is_empty() {
            let _ = writeln!(out, "   = state: {}", self.location.state_path);
        }
        if !self.location.pointer.is_empty() {
            let _ = writeln!(out, "   = at: {}", self.location.pointer);
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "   = help: {help}");
        }
        for note in &self.notes {
            match note.pos {
                Some(pos) => {
                    let _ = writeln!(out, "note: {}", note.message);
                    let _ = writeln!(out, "  --> {file}:{}:{}", pos.line, pos.column);
                }
                None => {
                    let _ = writeln!(out, "note: {} (at {})", note.message, note.pointer);
                }
            }
        }
        out
    }
}

/// How many characters the JSON or YAML token starting at character `col` of `line` takes: a
/// whole string with its quotes, one bracket, or a bare word.
fn token_width(line: &str, col: usize) -> usize {
    let rest: Vec<char> = line.chars().skip(col).collect();
    match rest.first() {
        Some('"') => {
            let mut escaped = false;
            for (i, c) in rest.iter().enumerate().skip(1) {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => return i + 1,
                    _ => escaped = false,
                }
            }
            rest.len()
        }
        Some('{' | '[') => 1,
        _ => rest
            .iter()
            .take_while(|c| !matches!(c, ',' | '}' | ']' | ':') && !c.is_whitespace())
            .count(),
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.severity, self.code(), self.message)?;
        if !self.location.pointer.is_empty() {
            write!(f, " (at {})", self.location.pointer)?;
        }
        Ok(())
    }
}

/// Appends one token to a JSON Pointer, escaping `~` and `/` as RFC 6901 says.
pub fn pointer_push(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Splits a JSON Pointer into its unescaped tokens.
pub fn pointer_tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
}
