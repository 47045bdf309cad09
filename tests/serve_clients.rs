//! `workflow serve` driven by other people's clients: boto3 and the AWS CLI from the project's
//! venv (`scripts/python-venv.sh`) run tests/serve/clients.py against a server started on a free
//! loopback port. Without the venv the test is skipped with a note, unless `CI` is set.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The server process, killed when the test ends however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `workflow serve` on a port the system picks and returns it with its endpoint URL.
fn start_server() -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start workflow serve");
    let stdout = child.stdout.take().expect("piped stdout");
    let server = Server(child);
    // The first line names the address; a server that dies first ends the read.
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the server's first line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    (server, url)
}

fn venv() -> Option<PathBuf> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin");
    if venv.join("python").exists() && venv.join("aws").exists() {
        return Some(venv);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} lacks python or aws; run scripts/python-venv.sh first",
        venv.display()
    );
    eprintln!("note: skipped, no boto3/AWS CLI venv (run scripts/python-venv.sh)");
    None
}

#[test]
fn boto3_and_the_aws_cli_drive_the_endpoint() {
    let Some(venv) = venv() else {
        return;
    };
    let (_server, url) = start_server();
    let home = std::env::temp_dir().join(format!("workflow-serve-clients-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/serve/clients.py");
    let mut child = Command::new(venv.join("python"))
        .arg(&script)
        .arg(&url)
        .arg(venv.join("aws"))
        // Dummy credentials and no user configuration: the endpoint checks none.
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", home.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the client script");
    // Bounded: the script's own waits are bounded; this bounds the whole.
    let deadline = std::time::Instant::now() + Duration::from_secs(180);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the client script did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    let _ = std::fs::remove_dir_all(&home);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.trim_end().ends_with("ok"),
        "the clients failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
