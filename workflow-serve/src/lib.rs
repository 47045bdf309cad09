//! # workflow-serve
//!
//! A local AWS Step Functions endpoint: the Step Functions API over AWS's JSON 1.0 protocol
//! (`POST /` with `X-Amz-Target: AWSStepFunctions.<Operation>` and `Content-Type:
//! application/x-amz-json-1.0`), with executions run by the `workflow-local` executor on the
//! real clock. Any AWS SDK, the AWS CLI and activity workers use it as they use AWS, given its
//! address as the endpoint URL and any credentials.
//!
//! - State machines, versions, aliases, tags and definition validation (answered by the
//!   `workflow-core` validator);
//! - executions, each on a thread of its own, with their history as it is written;
//! - activities served by long-polling workers, and `.waitForTaskToken` tokens, answered with
//!   `SendTaskSuccess`/`SendTaskFailure` and kept alive with `SendTaskHeartbeat`; a task whose
//!   heartbeat or timeout passes fails with `States.HeartbeatTimeout`/`States.Timeout`;
//! - Step Functions Local's mock configuration: a start on `stateMachineArn#TestCase` runs with
//!   that test case's mocks; a task nothing answers fails naming its state and resource.
//!
//! Errors are AWS's: `{"__type": "StateMachineDoesNotExist", "message": "..."}` with HTTP 400.
//! The server logs no request headers, so no credentials.

mod broker;
mod error;
mod service;
pub mod snapshot;
pub mod store;

pub use error::ApiError;
pub use service::{ACCOUNT, Clock, REGION, Service, Settings};
pub use snapshot::{SnapshotError, SnapshotStore};
pub use store::{Kind, MemoryStore, Store};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use serde_json::Value;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use workflow_core::history::{ExecutionHistory, HistoryEvent};

/// The address the endpoint listens on unless told otherwise: loopback only.
pub const DEFAULT_BIND: &str = "127.0.0.1:8083";

/// The largest request body: a definition of AWS's 1 MiB limit, JSON-escaped in the request.
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// An event in the `GetExecutionHistory` wire shape (epoch-second timestamps).
pub(crate) fn wire_event(event: &HistoryEvent) -> Value {
    let history = ExecutionHistory {
        events: vec![event.clone()],
    };
    serde_json::from_str::<Value>(&history.to_json())
        .ok()
        .and_then(|mut v| v.get_mut("events")?.as_array_mut()?.pop())
        .unwrap_or(Value::Null)
}

fn respond(status: u16, body: &Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/x-amz-json-1.0"),
    );
    response
}

fn error_response(error: &ApiError) -> Response<Full<Bytes>> {
    respond(error.status(), &error.body())
}

/// Answers one HTTP request.
async fn handle(service: Arc<Service>, request: Request<Incoming>) -> Response<Full<Bytes>> {
    if request.method() != hyper::Method::POST {
        return error_response(&ApiError::new(
            "UnknownOperationException",
            "The endpoint answers POST requests of the AWS JSON 1.0 protocol.",
        ));
    }
    let target = request
        .headers()
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let Some(operation) = target.strip_prefix("AWSStepFunctions.") else {
        return error_response(&ApiError::new(
            "UnknownOperationException",
            format!(
                "Missing or unknown X-Amz-Target '{target}': expected AWSStepFunctions.<Operation>"
            ),
        ));
    };
    let operation = operation.to_string();
    let bytes = match Limited::new(request.into_body(), MAX_BODY_BYTES)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            return error_response(&ApiError::validation(format!(
                "The request body cannot be read: {e}"
            )));
        }
    };
    let body: Value = if bytes.is_empty() {
        Value::Object(serde_json::Map::new())
    } else {
        match serde_json::from_slice(&bytes) {
            Ok(body) => body,
            Err(e) => {
                return error_response(&ApiError::new(
                    "SerializationException",
                    format!("The request body is not JSON: {e}"),
                ));
            }
        }
    };
    // Operations block (a long poll, a synchronous execution): off the async threads.
    let answer = tokio::task::spawn_blocking(move || service.call(&operation, &body)).await;
    match answer {
        Ok(Ok(response)) => respond(200, &response),
        Ok(Err(error)) => error_response(&error),
        Err(e) => error_response(&ApiError::new(
            "InternalFailure",
            format!("The operation failed: {e}"),
        )),
    }
}

/// Serves `service` on `listener` until `shutdown` completes; connections still open then are
/// dropped.
pub async fn serve(
    listener: TcpListener,
    service: Arc<Service>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => accepted?,
            () = &mut shutdown => return Ok(()),
        };
        let service = Arc::clone(&service);
        tokio::spawn(async move {
            let io = hyper_util::rt::TokioIo::new(stream);
            let answer = hyper::service::service_fn(move |request| {
                let service = Arc::clone(&service);
                async move { Ok::<_, std::convert::Infallible>(handle(service, request).await) }
            });
            // A client that goes away mid-request is no error of the server's.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, answer)
                .await;
        });
    }
}

/// Binds `address` and serves an in-memory endpoint with `settings` until `shutdown`;
/// `on_listening` gets the address bound (the port, when `address` asked for port 0).
pub async fn run(
    address: SocketAddr,
    settings: Settings,
    on_listening: impl FnOnce(SocketAddr),
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let listener = TcpListener::bind(address).await?;
    on_listening(listener.local_addr()?);
    let service = Arc::new(Service::new(Arc::new(MemoryStore::default()), settings));
    serve(listener, service, shutdown).await
}

/// [`run`] on a runtime of its own, until Ctrl-C: the `workflow serve` command.
pub fn run_until_ctrl_c(
    address: SocketAddr,
    settings: Settings,
    on_listening: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(address, settings, on_listening, async {
        // Without a signal handler there is nothing to wait for but the process's end.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }))?;
    // Executions still waiting for workers are abandoned with the process.
    runtime.shutdown_background();
    Ok(())
}
