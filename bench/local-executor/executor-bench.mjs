// Runs the local-executor benchmark's scenarios on npm aws-local-stepfunctions 3.0.0, in one
// Node.js process, and prints one JSON line per scenario: {"name", "runs", "seconds"} (the
// median of the timed batches of the runs) and, last,
// {"max_rss_bytes"}. The scenarios (definition, input, mocked task answers, run and batch
// counts) come as JSON from the file named on the command line, written by workflow-local's
// bench, so that both executors run exactly the same work.
//
// aws-local-stepfunctions 3.0.0 declares Node.js >= 22: on Node.js 20 it needs
// Promise.withResolvers, which this polyfill gives it.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

import { readFileSync } from 'node:fs';
import { resourceUsage } from 'node:process';
const { StateMachine } = await import('aws-local-stepfunctions');

const scenarios = JSON.parse(readFileSync(process.argv[2], 'utf8'));
for (const scenario of scenarios) {
  const machine = new StateMachine(scenario.definition, { validationOptions: { checkPaths: false, checkArn: false } });
  // Every mocked task answers with the value the scenario gives for its state.
  const handlers = {};
  for (const [state, answer] of Object.entries(scenario.answers)) {
    handlers[state] = async () => answer;
  }
  const runOnce = async () => {
    const execution = machine.run(scenario.input, { overrides: { taskResourceLocalHandlers: handlers } });
    return execution.result;
  };
  // One run first, not counted, to check the outcome and warm the JIT.
  const first = await runOnce();
  if (scenario.expect_output !== undefined && JSON.stringify(first) !== JSON.stringify(scenario.expect_output)) {
    console.error(`${scenario.name}: unexpected output ${JSON.stringify(first).slice(0, 300)}`);
    process.exit(1);
  }
  // The median of the timed batches of the scenario's runs, as many as workflow-local's bench
  // times (scenario.batches).
  const batches = [];
  for (let batch = 0; batch < scenario.batches; batch++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < scenario.runs; i++) {
      await runOnce();
    }
    batches.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  batches.sort((a, b) => a - b);
  const seconds = batches[Math.floor(batches.length / 2)];
  console.log(JSON.stringify({ name: scenario.name, runs: scenario.runs, seconds }));
}
console.log(JSON.stringify({ max_rss_bytes: resourceUsage().maxRSS * 1024 }));
