//! A `moto_server` from the repository's `.venv/` (installed by `scripts/python-venv.sh`),
//! started on a free loopback port and killed when dropped. Without it the tests print a note
//! and pass, except under CI (env `CI` set), where they fail.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The region the tests use.
pub const REGION: &str = "us-east-1";

/// A running `moto_server`, killed when dropped.
pub struct Moto {
    child: Child,
    port: u16,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Moto {
    /// Starts the server, waits until it answers and turns on its state machine interpreter.
    /// `None` (after a note) when `.venv/bin/moto_server` is missing and `CI` is not set.
    pub fn start() -> Option<Moto> {
        Moto::start_with_interpreter(true)
    }

    /// Starts the server with its state machine interpreter on or off. With it off,
    /// executions stay RUNNING, but the Step Functions API sees the machines that
    /// CloudFormation made (with it on, moto keeps those in a store the API does not read).
    pub fn start_with_interpreter(interpreter: bool) -> Option<Moto> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let exe = root.join(".venv/bin/moto_server");
        if !exe.exists() {
            assert!(
                std::env::var_os("CI").is_none(),
                "{} is missing; run scripts/python-venv.sh",
                exe.display()
            );
            eprintln!(
                "note: {} is missing (run scripts/python-venv.sh); skipping",
                exe.display()
            );
            return None;
        }
        let port = free_port();
        let child = Command::new(&exe)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto_server");
        let moto = Moto { child, port };
        let body = format!(r#"{{"stepfunctions": {{"execute_state_machine": {interpreter}}}}}"#);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match post(port, "/moto-api/config", &body) {
                Ok(status) if (200..300).contains(&status) => break,
                result => {
                    assert!(
                        Instant::now() < deadline,
                        "moto_server on port {port} did not answer in 30 s: {result:?}"
                    );
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        }
        Some(moto)
    }

    /// Turns the state machine interpreter on or off.
    pub fn set_interpreter(&self, on: bool) {
        let body = format!(r#"{{"stepfunctions": {{"execute_state_machine": {on}}}}}"#);
        let status = post(self.port, "/moto-api/config", &body).expect("moto config");
        assert!(
            (200..300).contains(&status),
            "moto config answered {status}"
        );
    }

    /// The server's URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    listener.local_addr().expect("local address").port()
}

/// A minimal HTTP/1.1 POST; returns the status code.
fn post(port: u16, path: &str, body: &str) -> std::io::Result<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad response: {response:?}")))
}
