//! The 256 KiB limit on a payload passed between states.

use super::{Failure, errors};
use serde_json::Value;

/// AWS's limit on a state's input, output and result, in bytes of UTF-8 JSON.
pub const MAX_PAYLOAD_BYTES: usize = 256 * 1024;

/// Fails with `States.DataLimitExceeded` when `value`, serialized, is larger than the limit.
/// `source` is what AWS names in the cause: the state's name for a state's own output (error
/// handling test_start_large_input: 'State_1'), the service's resource type for a Task's result
/// (`lambda` in the Lambda data-limit recordings, where the failure is a catchable task
/// failure).
pub fn check_payload_size(value: &Value, source: &str) -> Result<(), Failure> {
    check_payload_bytes(serde_json::to_string(value).map_or(0, |s| s.len()), source)
}

/// [`check_payload_size`] for a payload already serialized to `size` bytes.
pub fn check_payload_bytes(size: usize, source: &str) -> Result<(), Failure> {
    if size > MAX_PAYLOAD_BYTES {
        return Err(Failure::new(
            errors::DATA_LIMIT_EXCEEDED,
            format!(
                "The state/task '{source}' returned a result with a size exceeding the maximum number of bytes service limit."
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_limit_counts_utf8_bytes() {
        // Two bytes a character: under the limit in characters, over it in bytes.
        let text = "é".repeat(MAX_PAYLOAD_BYTES / 2);
        let failure = check_payload_size(&json!(text), "lambda").unwrap_err();
        assert_eq!(failure.error, "States.DataLimitExceeded");
        assert_eq!(
            failure.cause,
            "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit."
        );
        assert!(failure.is_complete());
        assert_eq!(check_payload_size(&json!("small"), "State_1"), Ok(()));
    }
}
