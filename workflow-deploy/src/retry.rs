//! The SDK's retry settings: throttling and transient errors (HTTP 5xx, timeouts, dropped
//! connections) are retried with exponential backoff and jitter by the SDK itself, in its
//! standard mode.
//!
//! ```
//! use std::time::Duration;
//! use workflow_deploy::{Deployer, RetrySettings};
//!
//! let deployer = Deployer::for_endpoint("http://127.0.0.1:5000", "us-east-1", "key", "secret")
//!     .with_retry(RetrySettings {
//!         max_attempts: 5,
//!         initial_backoff: Duration::from_millis(200),
//!         max_backoff: Duration::from_secs(10),
//!     });
//! assert_eq!(deployer.retry_settings().max_attempts, 5);
//! ```

use std::time::Duration;

use aws_sdk_sfn::config::retry::RetryConfig;

use crate::Deployer;

/// How the SDK retries throttled and transient failures (standard mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetrySettings {
    /// Attempts in all, the first included (1: no retry).
    pub max_attempts: u32,
    /// The backoff before the first retry; it doubles at each retry, with jitter.
    pub initial_backoff: Duration,
    /// The longest backoff.
    pub max_backoff: Duration,
}

impl RetrySettings {
    /// The SDK's standard mode defaults: 3 attempts, 1 s initial backoff, 20 s at most.
    pub fn sdk_default() -> Self {
        RetrySettings {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }

    /// The SDK's retry configuration for these settings.
    pub fn to_retry_config(self) -> RetryConfig {
        RetryConfig::standard()
            .with_max_attempts(self.max_attempts.max(1))
            .with_initial_backoff(self.initial_backoff)
            .with_max_backoff(self.max_backoff)
    }
}

impl Default for RetrySettings {
    fn default() -> Self {
        RetrySettings::sdk_default()
    }
}

impl Deployer {
    /// The same deployer with its client rebuilt to retry as `settings` say.
    pub fn with_retry(self, settings: RetrySettings) -> Self {
        let config = self
            .client
            .config()
            .to_builder()
            .retry_config(settings.to_retry_config())
            .build();
        Deployer {
            client: aws_sdk_sfn::Client::from_conf(config),
            endpoint: self.endpoint,
            write_calls: self.write_calls,
            retry: settings,
        }
    }

    /// The retry settings in use.
    pub fn retry_settings(&self) -> RetrySettings {
        self.retry
    }
}
