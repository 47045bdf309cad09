// Times npm asl-validator 4.0.0 over a list of definition files in one Node.js process, the
// same way benches/corpus.rs times workflow-core: read all files first, then, per iteration,
// parse each text and validate it. Prints one JSON object with the figures.
//
// usage: node asl-validator-bench.js ITERATIONS LIST_FILE   (LIST_FILE: one path per line)
"use strict";
const fs = require("fs");
const validator = require("asl-validator");

const iterations = Number(process.argv[2] || "20");
const files = fs.readFileSync(process.argv[3], "utf8").split("\n").filter(Boolean);
const texts = files.map((f) => fs.readFileSync(f, "utf8"));

let valid = 0;
const run = () => {
  valid = 0;
  for (const text of texts) {
    let definition;
    try {
      definition = JSON.parse(text);
    } catch (e) {
      continue;
    }
    try {
      if (validator(definition).isValid) valid++;
    } catch (e) {
      // asl-validator throws on some malformed inputs; count it as a verdict (invalid).
    }
  }
};

run(); // warm-up, as the Rust side does
const start = process.hrtime.bigint();
for (let i = 0; i < iterations; i++) run();
const totalNs = Number(process.hrtime.bigint() - start);
console.log(JSON.stringify({
  files: texts.length,
  iterations,
  valid,
  total_ns: totalNs,
  per_definition_ns: totalNs / (iterations * texts.length),
}));
