//! Durations (`30s`, `5m`, `1h`, `2d`) and plain numbers after an option keyword (`x 3`,
//! `backoff 2.0`).

use super::*;

/// A whole number of seconds: `30s`, `5m`, `1h`, `2d`, or a bare integer.
pub(super) fn parse_duration(input: ParseStream, after: &Ident, example: &str) -> Result<Value> {
    let message = format!("expected a duration after `{after}`, e.g. `{example}`");
    let is_int = input
        .cursor()
        .literal()
        .is_some_and(|(literal, _)| matches!(Lit::new(literal), Lit::Int(_)));
    if !is_int {
        return Err(err_next_or(input, after.span(), message));
    }
    parse_value(input)
}

/// An integer (or, with `float`, a decimal) number without a suffix.
pub(super) fn parse_number(
    input: ParseStream,
    after: &Ident,
    what: &str,
    example: &str,
    float: bool,
) -> Result<Value> {
    let message = format!("expected {what} after `{after}`, e.g. `{example}`");
    let ok = input
        .cursor()
        .literal()
        .is_some_and(|(literal, _)| match Lit::new(literal) {
            Lit::Int(int) => int.suffix().is_empty(),
            Lit::Float(number) => float && number.suffix().is_empty(),
            _ => false,
        });
    if !ok {
        return Err(err_next_or(input, after.span(), message));
    }
    parse_value(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::syntax::parse::tests::*;

    #[test]
    fn durations() {
        for (src, seconds) in [
            ("30s", 30),
            ("5m", 300),
            ("1h", 3600),
            ("2d", 172_800),
            ("0s", 0),
        ] {
            assert!(
                matches!(value(src), Value::Duration { seconds: s, .. } if s == seconds),
                "{src}"
            );
        }
        assert!(matches!(value("30"), Value::Number { .. }));
        assert!(matches!(value("2.0"), Value::Number { .. }));
        assert_error(
            "W { A: pass { t: 213503982334602d } }",
            "the duration `213503982334602d` is too large",
            "213503982334602d",
        );
        assert_error(
            "W { A: pass { t: 99999999999999999999s } }",
            "the duration `99999999999999999999s` is too large",
            "99999999999999999999s",
        );
        assert_error(
            "W { A: pass { t: -5s } }",
            "a duration cannot be negative",
            "-5s",
        );
        assert_error(
            "W { A: pass { t: 1.5m } }",
            "a duration is a whole number, e.g. `90s`, not `1.5m`",
            "1.5m",
        );
    }
}
