//! The expression languages inside ASL strings: JSONPath paths, intrinsic functions and JSONata.
//!
//! Each is parsed into a typed value when the model is built, so the rest of the crate never
//! looks at raw strings. Every type keeps its source text so the emitter writes back exactly what
//! was read.

pub mod intrinsic;
pub mod jsonata;
pub mod path;

pub use intrinsic::{Arg, Intrinsic};
pub use jsonata::Jsonata;
pub use path::{Path, PathRoot, Segment};

/// Why an expression could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ExprError {
    pub message: String,
    /// Character offset into the expression where the problem is, when known.
    pub offset: Option<usize>,
}

impl ExprError {
    pub fn new(message: impl Into<String>) -> Self {
        ExprError {
            message: message.into(),
            offset: None,
        }
    }

    pub fn at(message: impl Into<String>, offset: usize) -> Self {
        ExprError {
            message: message.into(),
            offset: Some(offset),
        }
    }
}

/// The value of a payload-template field whose key ends in `.$` (and of the fields that take
/// "a path or an intrinsic function", such as Fail's ErrorPath).
#[derive(Debug, Clone, PartialEq)]
pub enum Dynamic {
    Path(Path),
    Intrinsic(Intrinsic),
}

impl Dynamic {
    /// Parses a `.$` value: `States.Name(…)` is an intrinsic function call, anything else must
    /// be a path.
    pub fn parse(text: &str) -> Result<Dynamic, ExprError> {
        if text.starts_with("States.") {
            Intrinsic::parse(text).map(Dynamic::Intrinsic)
        } else {
            Path::parse(text).map(Dynamic::Path)
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Dynamic::Path(p) => p.as_str(),
            Dynamic::Intrinsic(i) => i.as_str(),
        }
    }
}

/// What the parsers' error tables check: each text fails to parse, at its offset.
#[cfg(test)]
fn wrong_error_offsets<T: std::fmt::Debug>(
    table: &[(&str, usize)],
    parse: impl Fn(&str) -> Result<T, ExprError>,
) -> Vec<String> {
    let mut wrong = Vec::new();
    for (text, offset) in table {
        match parse(text) {
            Ok(parsed) => wrong.push(format!("{text:?} should not parse: {parsed:?}")),
            Err(e) if e.offset != Some(*offset) => wrong.push(format!(
                "{text:?}: {} at {:?}, expected {offset}",
                e.message, e.offset
            )),
            Err(_) => {}
        }
    }
    wrong
}
