//! The local servers the deploy tests run against, started and stopped by the tests:
//! `moto_server` from the repository's `.venv/` (installed by `scripts/python-venv.sh`), and a
//! small recording HTTP proxy that can answer chosen calls with an error (throttling, a rejected
//! definition, refused credentials) or stop answering, and forwards the rest to moto.
//! Without moto the tests print a note and pass, except under CI (env `CI` set), where they fail.
//! [`Serve`] is the other server: `workflow serve`'s endpoint, in process. [`on_both!`] runs a
//! test against each.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use workflow_deploy::Deployer;

pub const ROLE: &str = "arn:aws:iam::123456789012:role/test";
pub const REGION: &str = "us-east-1";
pub const ACCOUNT: &str = "123456789012";

/// A running `moto_server`, killed when dropped.
pub struct Moto {
    child: Option<Child>,
    pub port: u16,
    interpreter: bool,
}

impl Drop for Moto {
    fn drop(&mut self) {
        self.kill();
    }
}

fn moto_exe() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let exe = root.join(".venv/bin/moto_server");
    if exe.exists() {
        return Some(exe);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing; run scripts/python-venv.sh",
        exe.display()
    );
    eprintln!(
        "note: {} is missing (run scripts/python-venv.sh); skipping",
        exe.display()
    );
    None
}

impl Moto {
    /// Starts the server with its state machine interpreter on, on a free port.
    pub fn start() -> Option<Moto> {
        Moto::start_with(true)
    }

    /// Starts the server; `interpreter` turns moto's ASL interpreter on. `None` (after a note)
    /// when `.venv/bin/moto_server` is missing and `CI` is not set.
    pub fn start_with(interpreter: bool) -> Option<Moto> {
        moto_exe()?;
        let mut moto = Moto {
            child: None,
            port: free_port(),
            interpreter,
        };
        moto.restart();
        Some(moto)
    }

    /// Stops the server (its state is lost).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts a fresh server on the same port and waits until it answers.
    pub fn restart(&mut self) {
        self.kill();
        let exe = moto_exe().expect("moto_server");
        let port = self.port;
        let child = Command::new(&exe)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            // The interpreter calls other services (SQS for callbacks) on this same server.
            .env("MOTO_PORT", port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto_server");
        self.child = Some(child);
        let body = format!(
            r#"{{"stepfunctions": {{"execute_state_machine": {}}}}}"#,
            self.interpreter
        );
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match post(port, "/moto-api/config", "application/json", &body, &[]) {
                Ok((status, _)) if (200..300).contains(&status) => break,
                result => {
                    assert!(
                        Instant::now() < deadline,
                        "moto_server on port {port} did not answer in 30 s: {result:?}"
                    );
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Turns the state machine interpreter on or off on the running server. With it off,
    /// executions stay RUNNING, but the Step Functions API sees the machines that
    /// CloudFormation made (with it on, moto keeps those in a store the API does not read).
    /// (A restart goes back to the setting the server was started with.)
    pub fn set_interpreter(&self, on: bool) {
        let body = format!(r#"{{"stepfunctions": {{"execute_state_machine": {on}}}}}"#);
        let (status, _) = post(
            self.port,
            "/moto-api/config",
            "application/json",
            &body,
            &[],
        )
        .expect("moto config");
        assert!(
            (200..300).contains(&status),
            "moto config answered {status}"
        );
    }

    pub fn deployer(&self) -> Deployer {
        Deployer::for_endpoint(&self.url(), REGION, "testing", "testing")
    }

    /// Creates an SQS queue on this server (query protocol); returns its URL.
    pub fn create_queue(&self, name: &str) -> String {
        let auth = format!(
            "AWS4-HMAC-SHA256 Credential=testing/20250101/{REGION}/sqs/aws4_request, \
             SignedHeaders=host, Signature=0"
        );
        let (status, body) = post(
            self.port,
            "/",
            "application/x-www-form-urlencoded",
            &format!("Action=CreateQueue&QueueName={name}&Version=2012-11-05"),
            &[("Authorization", &auth)],
        )
        .expect("CreateQueue");
        assert_eq!(status, 200, "{body}");
        format!("http://localhost:{}/{ACCOUNT}/{name}", self.port)
    }
}

pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    listener.local_addr().expect("local address").port()
}

/// A minimal HTTP/1.1 POST; returns the status code and the body.
pub fn post(
    port: u16,
    path: &str,
    content_type: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let extra: String = headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: {content_type}\r\n\
         {extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad response: {response:?}")))?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

/// What the proxy does with one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Pass it to the server.
    Forward,
    /// Answer with this HTTP status and `{"__type": code, "message": message}`.
    Error(u16, &'static str, &'static str),
    /// Close the connection without answering, as a server that went away.
    Hang,
    /// Answer 200 with this JSON body (used only to hand the worker a real task token of the
    /// server, for the one operation moto lacks).
    Json(String),
}

type Rule = Box<dyn FnMut(&str) -> Reply + Send>;

/// A loopback HTTP proxy in front of a server, recording each call's operation (the
/// `X-Amz-Target` suffix, e.g. `CreateStateMachine`) and answering as its rule says.
pub struct Proxy {
    pub port: u16,
    calls: Arc<Mutex<Vec<String>>>,
    rule: Arc<Mutex<Rule>>,
    stop: Arc<AtomicBool>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

impl Proxy {
    /// A proxy forwarding everything to `127.0.0.1:upstream`.
    pub fn start(upstream: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let port = listener.local_addr().unwrap().port();
        let calls = Arc::new(Mutex::new(Vec::new()));
        let rule: Arc<Mutex<Rule>> = Arc::new(Mutex::new(Box::new(|_: &str| Reply::Forward)));
        let stop = Arc::new(AtomicBool::new(false));
        let (c, r, s) = (calls.clone(), rule.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (c, r) = (c.clone(), r.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, upstream, &c, &r);
                });
            }
        });
        Proxy {
            port,
            calls,
            rule,
            stop,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Replaces the rule deciding each call's answer.
    pub fn set_rule(&self, rule: impl FnMut(&str) -> Reply + Send + 'static) {
        *self.rule.lock().unwrap() = Box::new(rule);
    }

    /// The operations called so far, in order.
    pub fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }

    /// How many calls of `operation` were made.
    pub fn count(&self, operation: &str) -> usize {
        self.calls().iter().filter(|c| *c == operation).count()
    }
}

/// Serves the requests of one client connection, one at a time.
fn serve(
    stream: TcpStream,
    upstream: u16,
    calls: &Mutex<Vec<String>>,
    rule: &Mutex<Rule>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut client = stream;
    loop {
        let mut head = Vec::new();
        let mut length = 0usize;
        let mut target = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            if line == "\r\n" {
                break;
            }
            let lower = line.to_ascii_lowercase();
            if let Some(value) = lower.strip_prefix("content-length:") {
                length = value.trim().parse().unwrap_or(0);
            }
            if lower.starts_with("x-amz-target:") {
                target = line[13..]
                    .trim()
                    .rsplit('.')
                    .next()
                    .unwrap_or("")
                    .to_owned();
            }
            if !lower.starts_with("connection:") {
                head.push(line);
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        calls.lock().unwrap().push(target.clone());
        let reply = (rule.lock().unwrap())(&target);
        let response = match reply {
            Reply::Hang => return Ok(()),
            Reply::Json(body) => format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n\
                 Content-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .into_bytes(),
            Reply::Error(status, code, message) => {
                let body = format!(r#"{{"__type":"{code}","message":"{message}"}}"#);
                format!(
                    "HTTP/1.1 {status} Error\r\nContent-Type: application/x-amz-json-1.0\r\n\
                     x-amzn-errortype: {code}\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                )
                .into_bytes()
            }
            Reply::Forward => {
                let mut server = TcpStream::connect(("127.0.0.1", upstream))?;
                server.set_read_timeout(Some(Duration::from_secs(60)))?;
                let mut request = head.concat().into_bytes();
                request.extend_from_slice(b"Connection: close\r\n\r\n");
                request.extend_from_slice(&body);
                server.write_all(&request)?;
                let mut response = Vec::new();
                server.read_to_end(&mut response)?;
                response
            }
        };
        // The answer tells the client the connection stays open, whatever the server said.
        client.write_all(&strip_connection_close(&response))?;
    }
}

/// The response with its `Connection: close` header removed (the proxy keeps the client's
/// connection open and reads the next request from it).
fn strip_connection_close(response: &[u8]) -> Vec<u8> {
    let Some(end) = response.windows(4).position(|w| w == b"\r\n\r\n") else {
        return response.to_vec();
    };
    let head = String::from_utf8_lossy(&response[..end]);
    let kept: Vec<&str> = head
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect();
    let mut out = kept.join("\r\n").into_bytes();
    out.extend_from_slice(&response[end..]);
    out
}

/// A server the tests deploy to and run on.
pub trait Endpoint {
    fn url(&self) -> String;

    fn deployer(&self) -> Deployer {
        Deployer::for_endpoint(&self.url(), REGION, "testing", "testing")
    }

    /// The URL of an SQS queue `.waitForTaskToken` tasks send their tokens to.
    fn queue(&self, name: &str) -> String;

    /// Whether the server answers `ValidateStateMachineDefinition`.
    fn validates_definitions(&self) -> bool;
}

impl Endpoint for Moto {
    fn url(&self) -> String {
        Moto::url(self)
    }

    fn queue(&self, name: &str) -> String {
        self.create_queue(name)
    }

    fn validates_definitions(&self) -> bool {
        false
    }
}

/// `workflow serve`'s endpoint on a free loopback port, on a runtime of its own; stopped when
/// dropped.
pub struct Serve {
    pub port: u16,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Serve {
    pub fn start() -> Serve {
        let (address_tx, address_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a runtime");
            let served = runtime.block_on(workflow_serve::run(
                "127.0.0.1:0".parse().expect("an address"),
                workflow_serve::Settings::default(),
                |address| {
                    let _ = address_tx.send(address);
                },
                async {
                    let _ = stopped.await;
                },
            ));
            // Long polls and waiting executions are abandoned with the server.
            runtime.shutdown_background();
            served.expect("serve");
        });
        let address = address_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the endpoint listens");
        Serve {
            port: address.port(),
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Endpoint for Serve {
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn queue(&self, name: &str) -> String {
        // The endpoint hands the token out itself; no message is sent anywhere.
        format!("https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{name}")
    }

    fn validates_definitions(&self) -> bool {
        true
    }
}

/// Runs the async test function `$test(&impl Endpoint)` against moto (`$test::moto`, skipped
/// without moto) and against `workflow serve` (`$test::serve`).
#[macro_export]
macro_rules! on_both {
    ($test:ident) => {
        mod $test {
            #[tokio::test(flavor = "multi_thread")]
            async fn moto() {
                if let Some(moto) = $crate::common::Moto::start() {
                    super::$test(&moto).await;
                }
            }

            #[tokio::test(flavor = "multi_thread")]
            async fn serve() {
                super::$test(&$crate::common::Serve::start()).await;
            }
        }
    };
}

/// Canonical ASL of a definition, checked by workflow-core (panics on an invalid one: the
/// tests' own definitions are valid).
pub fn canonical(text: &str) -> String {
    let report = workflow_core::check(
        text,
        workflow_core::Format::Json,
        &workflow_core::Options::default(),
    );
    let validated = report
        .validated()
        .unwrap_or_else(|| panic!("invalid definition: {:?}", report.diagnostics));
    validated.to_json_string()
}

/// Deploys `definition` (checked and made canonical) as the Standard machine `name` with the
/// test role, and returns its ARN.
pub async fn deploy_machine(deployer: &Deployer, name: &str, definition: &str) -> String {
    deployer
        .deploy_state_machine(&workflow_deploy::StateMachineDeployment {
            name: name.to_owned(),
            definition_json: canonical(definition),
            role_arn: ROLE.to_owned(),
            machine_type: workflow_core::MachineType::Standard,
            tags: std::collections::BTreeMap::new(),
        })
        .await
        .expect("deploy")
        .arn
}
