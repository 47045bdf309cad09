//! Conformance through the wire: the cases of `cases.jsonl` run behind a Step Functions
//! endpoint (`workflow-serve`, in this process, on the virtual clock), driven by boto3
//! (`wire.py`, one batch), and scored by the same judge as in process. Every case must score
//! exactly what it scores in process, at all three levels.
//!
//! The endpoint names machines and executions as asked, but in its own account, at the time
//! it runs; each case gets names of its own (the endpoint's state outlives a case), and the
//! judge is told those names and the account stand for the in-process ones. Cases whose tasks
//! need the recorded AWS answers replayed (which only the in-process judge can do) are counted
//! apart. Without the project's venv (`scripts/python-venv.sh`) the test is skipped with a note,
//! unless `CI` is set.

use super::*;
use std::io::Write;
use std::process::{Command, Stdio};

/// The endpoint on a free loopback port, on a runtime of its own; stopped when dropped.
struct Endpoint {
    url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Endpoint {
    fn start() -> Endpoint {
        let (address_tx, address_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a runtime");
            let settings = workflow_serve::Settings {
                mocks: None,
                clock: workflow_serve::Clock::Virtual,
            };
            let served = runtime.block_on(workflow_serve::run(
                "127.0.0.1:0".parse().expect("an address"),
                settings,
                |address| {
                    let _ = address_tx.send(address);
                },
                async {
                    let _ = stopped.await;
                },
            ));
            runtime.shutdown_background();
            served.expect("serve");
        });
        let address = address_rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the endpoint listens");
        Endpoint {
            url: format!("http://{address}"),
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn python() -> Option<PathBuf> {
    let python = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/python");
    if python.exists() {
        return Some(python);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing; run scripts/python-venv.sh first",
        python.display()
    );
    println!("no boto3 venv (run scripts/python-venv.sh): skipped");
    None
}

/// The names a case's machine and execution get on the endpoint.
fn wire_names(names: &Names, key: usize) -> (String, String) {
    // Fixed width, so that no name is the prefix of another.
    (
        format!("{}-w{key:04}", names.state_machine),
        format!("{}-w{key:04}", names.execution),
    )
}

/// Scores an endpoint's answer as the in-process judge scores an execution.
fn score_answer(case: &Case, key: usize, answer: &Value) -> Score {
    if answer.get("failure").is_some() {
        return Score::default();
    }
    let (names, mut normalizer) = names_of(case);
    let (machine, execution) = wire_names(&names, key);
    if names.express_arn_parts
        && let Some(arn) = answer["arn"].as_str()
    {
        // `…:express:<machine>:<name>:<id>`: the recording replaced the name and the id.
        let mut parts = arn.rsplitn(3, ':');
        // Inserted before the endpoint's names are mapped to the in-process ones (below), so
        // they apply after that mapping, to the in-process name.
        if let (Some(id), Some(_)) = (parts.next(), parts.next()) {
            normalizer.literals.insert(
                0,
                (
                    names.execution.clone(),
                    "<ExpressExecArn_Part1_0idx>".into(),
                ),
            );
            normalizer
                .literals
                .insert(0, (id.to_string(), "<ExpressExecArn_Part2_0idx>".into()));
        }
    }
    // The endpoint's names and account stand for the ones the in-process run uses.
    normalizer
        .literals
        .insert(0, (machine, names.state_machine));
    normalizer.literals.insert(0, (execution, names.execution));
    normalizer
        .literals
        .insert(0, (workflow_serve::ACCOUNT.into(), ACCOUNT.into()));
    let text = |key: &str| answer[key].as_str().map(str::to_string);
    let outcome = Outcome {
        status: text("status").unwrap_or_default(),
        output: text("output").map(|o| serde_json::from_str(&o).unwrap_or(Value::String(o))),
        error: text("error"),
        cause: text("cause"),
        history: json!({"events": answer["events"]}),
    };
    score(case, outcome, &mut normalizer)
}

#[test]
fn conformance_through_the_wire() {
    let Some(folder) = folder() else {
        println!("no conformance folder (set WORKFLOW_CONFORMANCE): skipped");
        return;
    };
    let Some(python) = python() else {
        return;
    };
    let cases = read_cases(&folder.join("cases.jsonl"));
    // Tasks answered by AWS's recorded results can only be replayed in process. So can a Wait
    // until an absolute time: how far off it is counts from the execution's start, which the
    // API cannot set (a start is the wall clock's now), while in process it is the recorded
    // start; the limit cases (e.g. 24,856 days ahead) would score by the day the test runs.
    let waits_until_a_time = |case: &Case| {
        let text = case.definition.to_string();
        text.contains("\"Timestamp\":") || text.contains("\"TimestampPath\":")
    };
    let through_the_wire = |case: &Case| {
        case.recorded_task_results
            .as_ref()
            .is_none_or(Vec::is_empty)
            && case.activity_stubs.is_empty()
            && case.result_writers.is_empty()
            && !waits_until_a_time(case)
    };
    let runnable: Vec<(usize, &Case)> = cases
        .iter()
        .enumerate()
        .filter(|(_, case)| through_the_wire(case))
        .collect();
    let replayed = cases.len() - runnable.len();

    let endpoint = Endpoint::start();
    let mut child = Command::new(python)
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/wire.py"))
        .arg(&endpoint.url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("run wire.py");
    let requests: String = runnable
        .iter()
        .map(|(key, case)| {
            let (names, _) = names_of(case);
            let (machine, execution) = wire_names(&names, *key);
            let request = json!({
                "key": key,
                "name": machine,
                "execution": execution,
                "definition": serde_json::to_string(&case.definition).unwrap_or_default(),
                "type": if case.express { "EXPRESS" } else { "STANDARD" },
                "input": case.input,
                "role": ROLE_ARN,
            });
            format!("{request}\n")
        })
        .collect();
    let mut stdin = child.stdin.take().expect("piped stdin");
    // Written from a thread, so that a full stdout pipe cannot block both processes.
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let output = child.wait_with_output().expect("wire.py ends");
    writer
        .join()
        .expect("the writer")
        .expect("write the requests");
    assert!(output.status.success(), "wire.py failed");
    let answers: BTreeMap<usize, Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).expect("a JSON answer"))
        .map(|answer| (answer["key"].as_u64().unwrap_or(u64::MAX) as usize, answer))
        .collect();
    drop(endpoint);

    let mut in_process = Tally::default();
    let mut wire = Tally::default();
    let mut differences = Vec::new();
    for (key, case) in &runnable {
        let here = run_case(case, false);
        let there = answers
            .get(key)
            .map_or_else(Score::default, |answer| score_answer(case, *key, answer));
        in_process.add(here);
        wire.add(there);
        if here != there {
            let failure = answers
                .get(key)
                .and_then(|a| a["failure"].as_str())
                .unwrap_or_default();
            differences.push(format!(
                "{} #{}: in process {here:?}, through the wire {there:?} {failure}",
                case.test, case.index
            ));
        }
    }
    println!("\n== cases.jsonl through the wire (boto3, virtual clock) ==");
    println!("{}", in_process.row("in process"));
    println!("{}", wire.row("through the wire"));
    println!(
        "{replayed} case(s) with replayed AWS task results or a Wait until an absolute time run \
         in process only"
    );
    assert!(
        differences.is_empty(),
        "{} case(s) score differently through the wire:\n{}",
        differences.len(),
        differences.join("\n")
    );
}
