//! The 256 KiB limit on a payload passed between states.

use super::{Failure, errors};
use serde_json::Value;

/// AWS's limit on a state's input, output and result, in bytes of UTF-8 JSON.
pub const MAX_PAYLOAD_BYTES: usize = 256 * 1024;

/// Fails with `States.DataLimitExceeded` when `value`, serialized, is larger than the limit;
/// `state` is the state that returned it.
pub fn check_payload_size(value: &Value, state: &str) -> Result<(), Failure> {
    let size = serde_json::to_string(value).map_or(0, |s| s.len());
    if size > MAX_PAYLOAD_BYTES {
        return Err(Failure::new(
            errors::DATA_LIMIT_EXCEEDED,
            format!(
                "The state/task '{state}' returned a result with a size exceeding the maximum number of bytes service limit."
            ),
        ));
    }
    Ok(())
}
