"""Load on `workflow serve`, driven with boto3.

1. Activities at load (our endpoint only: moto has no GetActivityTask): N executions started at
   once by 50 threads on a machine that waits, then calls an activity, then calls it again;
   P pollers long-poll GetActivityTask and answer SendTaskSuccess. Checks that every execution
   succeeds with the output its own input makes (none lost, none crossed) and that the
   activity was served exactly twice per execution; reports executions per second and the
   server's peak RSS (VmHWM) before and after.
2. Against moto_server, in the same run (`--moto PATH`): CreateStateMachine, then N
   StartExecution and N DescribeExecution from 50 threads, on both endpoints: the part of the
   API both serve. moto does not run the executions it starts, so this compares the API layer,
   not execution.

Prints one JSON object; exits 1 when a check fails. Usage:
    serve_load.py WORKFLOW_BINARY [--executions N] [--pollers P] [--moto MOTO_SERVER]
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

ROLE = "arn:aws:iam::123456789012:role/load"
STARTERS = 50


def client(url):
    return boto3.client(
        "stepfunctions",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="load",
        aws_secret_access_key="load",
        config=Config(
            max_pool_connections=200,
            retries={"max_attempts": 1},
            read_timeout=90,
            connect_timeout=10,
        ),
    )


class Server:
    """A child process, killed on exit however the script ends."""

    def __init__(self, args, url_of):
        self.process = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        self.url = url_of(self.process)

    def peak_rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return None

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return None

    def stop(self):
        self.process.kill()
        self.process.wait(timeout=10)


def start_serve(binary):
    def url_of(process):
        line = process.stdout.readline().strip()
        if not line.startswith("listening on "):
            raise SystemExit(f"workflow serve did not start: {line!r}")
        return line[len("listening on ") :]

    return Server([binary, "serve", "--bind", "127.0.0.1:0"], url_of)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto(path):
    port = free_port()

    def url_of(process):
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return url
            except OSError:
                if process.poll() is not None:
                    raise SystemExit("moto_server exited at start")
                time.sleep(0.1)
        raise SystemExit("moto_server did not listen within 30 s")

    return Server([path, "-H", "127.0.0.1", "-p", str(port)], url_of)


def activities_at_load(server, executions, pollers):
    sfn = client(server.url)
    activity = sfn.create_activity(name="load-work")["activityArn"]
    definition = {
        "StartAt": "Pause",
        "States": {
            "Pause": {"Type": "Wait", "Seconds": 1, "Next": "First"},
            "First": {
                "Type": "Task",
                "Resource": activity,
                "TimeoutSeconds": 120,
                "ResultPath": "$.first",
                "Next": "Second",
            },
            "Second": {
                "Type": "Task",
                "Resource": activity,
                "TimeoutSeconds": 120,
                "ResultPath": "$.second",
                "End": True,
            },
        },
    }
    machine = sfn.create_state_machine(
        name="load", definition=json.dumps(definition), roleArn=ROLE
    )["stateMachineArn"]
    rss_before = server.rss_kib()

    served = [0]
    served_lock = threading.Lock()
    done = threading.Event()
    errors = []

    def poll():
        worker = client(server.url)
        while not done.is_set():
            try:
                task = worker.get_activity_task(activityArn=activity, workerName="load")
            except Exception as e:  # noqa: BLE001 - every failure is reported
                errors.append(f"GetActivityTask: {e}")
                return
            token = task.get("taskToken")
            if not token:
                continue
            order = json.loads(task["input"])
            answer = {"n": order["n"], "doubled": order["n"] * 2}
            worker.send_task_success(taskToken=token, output=json.dumps(answer))
            with served_lock:
                served[0] += 1

    threads = [threading.Thread(target=poll, daemon=True) for _ in range(pollers)]
    for t in threads:
        t.start()

    began = time.monotonic()
    with ThreadPoolExecutor(STARTERS) as pool:
        arns = list(
            pool.map(
                lambda n: sfn.start_execution(
                    stateMachineArn=machine, name=f"e{n}", input=json.dumps({"n": n})
                )["executionArn"],
                range(executions),
            )
        )
    started = time.monotonic() - began

    pending = dict(zip(arns, range(executions)))
    results = {}
    deadline = time.monotonic() + 300
    while pending and time.monotonic() < deadline:
        with ThreadPoolExecutor(STARTERS) as pool:
            described = list(
                pool.map(lambda arn: sfn.describe_execution(executionArn=arn), list(pending))
            )
        for d in described:
            if d["status"] != "RUNNING":
                results[d["executionArn"]] = (pending.pop(d["executionArn"]), d)
        if pending:
            time.sleep(0.2)
    elapsed = time.monotonic() - began
    done.set()

    wrong = []
    for arn, (n, d) in results.items():
        output = json.loads(d.get("output") or "null")
        expected = {"n": n, "first": {"n": n, "doubled": 2 * n}, "second": {"n": n, "doubled": 2 * n}}
        if d["status"] != "SUCCEEDED" or output != expected:
            wrong.append({"arn": arn, "status": d["status"], "output": d.get("output")})
    listed = 0
    for page in sfn.get_paginator("list_executions").paginate(stateMachineArn=machine):
        listed += len(page["executions"])
    # Each execution's history ends with its success, after two activity successes.
    histories_checked = 0
    for arn in arns[:: max(1, executions // 20)]:
        events = sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]
        types = [e["type"] for e in events]
        if types[-1] != "ExecutionSucceeded" or types.count("ActivitySucceeded") != 2:
            wrong.append({"arn": arn, "history": types})
        histories_checked += 1

    return {
        "executions": executions,
        "pollers": pollers,
        "start_seconds": round(started, 3),
        "seconds": round(elapsed, 3),
        "executions_per_second": round(executions / elapsed, 1),
        "succeeded": sum(1 for _, d in results.values() if d["status"] == "SUCCEEDED"),
        "unfinished": len(pending),
        "wrong": wrong[:5],
        "wrong_count": len(wrong),
        "activity_tasks_served": served[0],
        "listed": listed,
        "histories_checked": histories_checked,
        "poll_errors": errors[:5],
        "rss_kib_before": rss_before,
        "rss_kib_after": server.rss_kib(),
        "peak_rss_kib": server.peak_rss_kib(),
    }


def api_throughput(url, executions):
    """CreateStateMachine, then N StartExecution and N DescribeExecution from 50 threads."""
    sfn = client(url)
    definition = {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}
    machine = sfn.create_state_machine(
        name="throughput", definition=json.dumps(definition), roleArn=ROLE
    )["stateMachineArn"]
    began = time.monotonic()
    with ThreadPoolExecutor(STARTERS) as pool:
        arns = list(
            pool.map(
                lambda n: sfn.start_execution(
                    stateMachineArn=machine, name=f"t{n}", input=json.dumps({"n": n})
                )["executionArn"],
                range(executions),
            )
        )
        described = list(pool.map(lambda arn: sfn.describe_execution(executionArn=arn), arns))
    elapsed = time.monotonic() - began
    return {
        "executions": executions,
        "seconds": round(elapsed, 3),
        "start_and_describe_per_second": round(executions / elapsed, 1),
        "described": sum(1 for d in described if d["executionArn"] in arns),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workflow")
    parser.add_argument("--executions", type=int, default=1000)
    parser.add_argument("--pollers", type=int, default=50)
    parser.add_argument("--moto")
    args = parser.parse_args()

    report = {}
    ok = True
    serve = start_serve(args.workflow)
    try:
        load = activities_at_load(serve, args.executions, args.pollers)
        report["activities_at_load"] = load
        ok &= (
            load["succeeded"] == args.executions
            and load["unfinished"] == 0
            and load["wrong_count"] == 0
            and load["listed"] == args.executions
            and load["activity_tasks_served"] == 2 * args.executions
            and not load["poll_errors"]
        )
        if args.moto:
            ours = api_throughput(serve.url, args.executions)
            report["api_ours"] = ours
            ok &= ours["described"] == args.executions
    finally:
        serve.stop()
    if args.moto:
        moto = start_moto(args.moto)
        try:
            theirs = api_throughput(moto.url, args.executions)
            report["api_moto"] = theirs
            report["api_moto"]["peak_rss_kib"] = moto.peak_rss_kib()
            ok &= theirs["described"] == args.executions
        finally:
            moto.stop()
        report["api_ratio_ours_over_moto"] = round(
            report["api_ours"]["start_and_describe_per_second"]
            / report["api_moto"]["start_and_describe_per_second"],
            2,
        )
    report["ok"] = bool(ok)
    print(json.dumps(report, indent=2))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
