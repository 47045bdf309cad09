//! Choice rules: JSONPath comparisons with `And`/`Or`/`Not` nesting, and JSONata `Condition`.

use super::{Assign, Number, Template};
use crate::expr::Path;

/// One element of `Choices`: a condition and where to go when it holds.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ChoiceRule {
    pub comment: Option<String>,
    pub condition: Condition,
    pub next: String,
    pub assign: Option<Assign>,
    /// JSONata only.
    pub output: Option<Template>,
}

/// A boolean condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `Variable` with one comparison operator.
    Compare(Comparison),
    And(Vec<Condition>),
    Or(Vec<Condition>),
    Not(Box<Condition>),
    /// JSONata `Condition`: an expression (or a literal boolean).
    Jsonata(Template),
    /// A nested rule (inside And, Or or Not) that carries a `Comment`.
    Commented {
        comment: String,
        rule: Box<Condition>,
    },
}

impl Condition {
    /// The number of nested levels (a comparison is 1).
    pub fn depth(&self) -> usize {
        match self {
            Condition::Compare(_) | Condition::Jsonata(_) => 1,
            Condition::And(cs) | Condition::Or(cs) => {
                1 + cs.iter().map(Condition::depth).max().unwrap_or(0)
            }
            Condition::Not(c) => 1 + c.depth(),
            Condition::Commented { rule, .. } => rule.depth(),
        }
    }
}

/// `"Variable": path, "<Operator>": operand`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Comparison {
    pub variable: Path,
    pub operator: Operator,
    pub operand: Operand,
}

/// What a comparison compares with. A path operand is written with the operator's `Path` form
/// (`StringEqualsPath`).
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    String(String),
    Number(Number),
    Bool(bool),
    Path(Path),
}

/// The kind of operand an operator takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperandKind {
    String,
    Number,
    /// `BooleanEquals`, and the `Is*` tests which take `true` or `false`.
    Bool,
    /// An RFC 3339 timestamp string.
    Timestamp,
}

macro_rules! operators {
    ($($variant:ident = $text:literal, $kind:ident, $has_path:literal;)*) => {
        /// Every comparison operator of a Choice rule.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Operator { $($variant),* }

        impl Operator {
            pub const ALL: &'static [Operator] = &[$(Operator::$variant),*];

            /// The ASL name of the literal form, e.g. `StringEquals`.
            pub fn as_str(self) -> &'static str {
                match self { $(Operator::$variant => $text),* }
            }

            /// The kind of operand the operator takes.
            pub fn operand_kind(self) -> OperandKind {
                match self { $(Operator::$variant => OperandKind::$kind),* }
            }

            /// Whether a `…Path` form exists (all but `StringMatches` and the `Is*` tests).
            pub fn has_path_form(self) -> bool {
                match self { $(Operator::$variant => $has_path),* }
            }

            /// Parses a field name into the operator and whether it is the `Path` form.
            pub fn parse_field(field: &str) -> Option<(Operator, bool)> {
                match field {
                    $($text => Some((Operator::$variant, false)),)*
                    _ => {
                        let base = field.strip_suffix("Path")?;
                        Operator::ALL
                            .iter()
                            .find(|op| op.has_path_form() && op.as_str() == base)
                            .map(|op| (*op, true))
                    }
                }
            }
        }
    };
}

operators! {
    StringEquals = "StringEquals", String, true;
    StringLessThan = "StringLessThan", String, true;
    StringGreaterThan = "StringGreaterThan", String, true;
    StringLessThanEquals = "StringLessThanEquals", String, true;
    StringGreaterThanEquals = "StringGreaterThanEquals", String, true;
    StringMatches = "StringMatches", String, false;
    NumericEquals = "NumericEquals", Number, true;
    NumericLessThan = "NumericLessThan", Number, true;
    NumericGreaterThan = "NumericGreaterThan", Number, true;
    NumericLessThanEquals = "NumericLessThanEquals", Number, true;
    NumericGreaterThanEquals = "NumericGreaterThanEquals", Number, true;
    BooleanEquals = "BooleanEquals", Bool, true;
    TimestampEquals = "TimestampEquals", Timestamp, true;
    TimestampLessThan = "TimestampLessThan", Timestamp, true;
    TimestampGreaterThan = "TimestampGreaterThan", Timestamp, true;
    TimestampLessThanEquals = "TimestampLessThanEquals", Timestamp, true;
    TimestampGreaterThanEquals = "TimestampGreaterThanEquals", Timestamp, true;
    IsNull = "IsNull", Bool, false;
    IsPresent = "IsPresent", Bool, false;
    IsNumeric = "IsNumeric", Bool, false;
    IsString = "IsString", Bool, false;
    IsBoolean = "IsBoolean", Bool, false;
    IsTimestamp = "IsTimestamp", Bool, false;
}

impl Operator {
    /// The field name as written for this operand: `NumericEqualsPath` for a path operand.
    pub fn field_name(self, operand: &Operand) -> String {
        match operand {
            Operand::Path(_) => format!("{}Path", self.as_str()),
            _ => self.as_str().to_string(),
        }
    }
}
