"""Drives a `workflow serve` endpoint with boto3 and the AWS CLI, as users would.

Usage: python clients.py ENDPOINT_URL AWS_CLI_PATH. Credentials and region come from the
environment (dummy ones: the endpoint checks none). Every wait is bounded; the first failed
check raises, and the script prints `ok` at its end.
"""

import json
import subprocess
import sys
import threading
import time

import boto3
from botocore.exceptions import ClientError

ENDPOINT, AWS = sys.argv[1], sys.argv[2]
ROLE = "arn:aws:iam::123456789012:role/StepFunctionsRole"
sfn = boto3.client("stepfunctions", endpoint_url=ENDPOINT, region_name="us-east-1")


def wait(execution_arn, seconds=30):
    """The execution once it is no longer RUNNING."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        described = sfn.describe_execution(executionArn=execution_arn)
        if described["status"] != "RUNNING":
            return described
        time.sleep(0.05)
    raise AssertionError(f"{execution_arn} still runs after {seconds}s")


def error_code(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"]
    raise AssertionError(f"{call.__name__} did not fail")


def machine(name, states, start):
    definition = json.dumps({"StartAt": start, "States": states})
    return sfn.create_state_machine(name=name, definition=definition, roleArn=ROLE)[
        "stateMachineArn"
    ]


def event_types(execution_arn):
    return [e["type"] for e in sfn.get_execution_history(executionArn=execution_arn)["events"]]


# A machine, an execution, its history.
hello = machine("Hello", {"Greet": {"Type": "Pass", "Result": {"hi": "there"}, "End": True}}, "Greet")
started = sfn.start_execution(stateMachineArn=hello, name="first", input='{"n": 1}')
done = wait(started["executionArn"])
assert done["status"] == "SUCCEEDED", done
assert json.loads(done["output"]) == {"hi": "there"}, done
assert event_types(started["executionArn"]) == [
    "ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"
], event_types(started["executionArn"])
newest_first = sfn.get_execution_history(
    executionArn=started["executionArn"], reverseOrder=True, maxResults=1
)
assert newest_first["events"][0]["type"] == "ExecutionSucceeded", newest_first
assert "nextToken" in newest_first, newest_first

# Idempotency by name and input; another input under the same name is refused while it runs
# and after.
assert error_code(sfn.start_execution, stateMachineArn=hello, name="first", input='{"n": 2}') == (
    "ExecutionAlreadyExists"
)
assert error_code(sfn.describe_state_machine, stateMachineArn=hello + "Missing") == (
    "StateMachineDoesNotExist"
)
assert error_code(
    sfn.create_state_machine, name="Broken", roleArn=ROLE,
    definition='{"StartAt": "Nowhere", "States": {"A": {"Type": "Pass", "End": true}}}',
) == "InvalidDefinition"
assert error_code(sfn.send_task_success, taskToken="no-such-token", output="{}") == (
    "TaskDoesNotExist"
)

# An activity served by a small worker thread.
activity = sfn.create_activity(name="Double")["activityArn"]
doubler = machine(
    "Doubler",
    {"Work": {"Type": "Task", "Resource": activity, "HeartbeatSeconds": 10, "End": True}},
    "Work",
)
served = []


def worker():
    for _ in range(20):
        task = sfn.get_activity_task(activityArn=activity, workerName="py")
        if task.get("taskToken"):
            n = json.loads(task["input"])["n"]
            sfn.send_task_heartbeat(taskToken=task["taskToken"])
            sfn.send_task_success(taskToken=task["taskToken"], output=json.dumps({"n": 2 * n}))
            served.append(n)
            return


thread = threading.Thread(target=worker)
thread.start()
run = sfn.start_execution(stateMachineArn=doubler, input='{"n": 21}')
done = wait(run["executionArn"])
thread.join(timeout=30)
assert served == [21], served
assert done["status"] == "SUCCEEDED" and json.loads(done["output"]) == {"n": 42}, done
assert "ActivityScheduled" in event_types(run["executionArn"])

# A worker that takes a task and goes silent: the heartbeat passes, the task fails.
silent = machine(
    "Silent",
    {"Work": {"Type": "Task", "Resource": activity, "HeartbeatSeconds": 1, "End": True}},
    "Work",
)
run = sfn.start_execution(stateMachineArn=silent, input="{}")
task = sfn.get_activity_task(activityArn=activity)
assert task.get("taskToken"), task
done = wait(run["executionArn"])
assert done["status"] == "FAILED" and done["error"] == "States.HeartbeatTimeout", done
assert error_code(sfn.send_task_success, taskToken=task["taskToken"], output="{}") == "TaskTimedOut"

# A task token, read from the history of the running execution and completed.
callback = machine(
    "Callback",
    {
        "Ask": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                           "MessageBody": {"token.$": "$$.Task.Token"}},
            "End": True,
        }
    },
    "Ask",
)
run = sfn.start_execution(stateMachineArn=callback, input="{}")
token = None
deadline = time.time() + 30
while token is None and time.time() < deadline:
    for event in sfn.get_execution_history(executionArn=run["executionArn"])["events"]:
        if event["type"] == "TaskScheduled":
            parameters = json.loads(event["taskScheduledEventDetails"]["parameters"])
            token = parameters["MessageBody"]["token"]
    time.sleep(0.05)
assert token, "no TaskScheduled event with the token"
assert sfn.describe_execution(executionArn=run["executionArn"])["status"] == "RUNNING"
sfn.send_task_success(taskToken=token, output='{"approved": true}')
done = wait(run["executionArn"])
assert done["status"] == "SUCCEEDED" and json.loads(done["output"]) == {"approved": True}, done


# The AWS CLI: create, start, describe, history.
def aws(*args):
    out = subprocess.run(
        [AWS, "stepfunctions", *args, "--endpoint-url", ENDPOINT, "--output", "json"],
        capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout) if out.stdout.strip() else {}


created = aws(
    "create-state-machine", "--name", "FromCli", "--role-arn", ROLE, "--definition",
    json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}),
)
started = aws("start-execution", "--state-machine-arn", created["stateMachineArn"],
              "--input", '{"from": "cli"}')
done = wait(started["executionArn"])
described = aws("describe-execution", "--execution-arn", started["executionArn"])
assert described["status"] == "SUCCEEDED" and json.loads(described["output"]) == {"from": "cli"}
history = aws("get-execution-history", "--execution-arn", started["executionArn"])
assert [e["type"] for e in history["events"]][-1] == "ExecutionSucceeded", history
print("ok")
