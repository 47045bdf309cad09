"""Runs conformance cases through a Step Functions endpoint with boto3, for conformance.rs.

Reads one JSON request a line on stdin: {"key", "name", "execution", "definition", "type",
"input", "role"}. For each: CreateStateMachine, StartExecution, DescribeExecution until the
execution ends (at most 60 s), then its whole GetExecutionHistory (every page, with execution
data). Writes one JSON answer a line: {"key", "arn", "status", "output", "error", "cause",
"events"} (events without their timestamps), or {"key", "failure"} when a call failed.
Usage: wire.py ENDPOINT_URL
"""

import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

url = sys.argv[1]
sfn = boto3.client(
    "stepfunctions",
    endpoint_url=url,
    region_name="us-east-1",
    aws_access_key_id="conformance",
    aws_secret_access_key="conformance",
    config=Config(max_pool_connections=16, retries={"max_attempts": 1}),
)


def run(request):
    try:
        machine = sfn.create_state_machine(
            name=request["name"],
            definition=request["definition"],
            roleArn=request["role"],
            type=request["type"],
        )["stateMachineArn"]
        arn = sfn.start_execution(
            stateMachineArn=machine, name=request["execution"], input=request["input"]
        )["executionArn"]
        deadline = time.monotonic() + 60
        while True:
            described = sfn.describe_execution(executionArn=arn)
            if described["status"] != "RUNNING" or time.monotonic() > deadline:
                break
            time.sleep(0.01)
        events = []
        for page in sfn.get_paginator("get_execution_history").paginate(
            executionArn=arn, includeExecutionData=True
        ):
            events.extend(page["events"])
        for event in events:
            event.pop("timestamp", None)
        return {
            "key": request["key"],
            "arn": arn,
            "status": described["status"],
            "output": described.get("output"),
            "error": described.get("error"),
            "cause": described.get("cause"),
            "events": events,
        }
    except Exception as e:  # noqa: BLE001 - a failed call is the case's answer
        return {"key": request["key"], "failure": f"{type(e).__name__}: {e}"}


requests = [json.loads(line) for line in sys.stdin if line.strip()]
with ThreadPoolExecutor(8) as pool:
    for answer in pool.map(run, requests):
        print(json.dumps(answer, default=str), flush=True)
