//! Bad input never panics: 100,000+ inputs, mutated from the shared corpus and generated from an
//! ASL-shaped grammar, go through the JSON and YAML readers, the model builder and the validator
//! (and the emitter, whenever a mutant happens to be valid).
//!
//! The run is deterministic (a fixed seed), so a failure reproduces; set `NO_PANIC_CASES` to
//! run more, and `NO_PANIC_SEED` to explore other inputs.

use std::panic::{AssertUnwindSafe, catch_unwind};
use workflow::core::model::MachineType;
use workflow::{Format, Options, check};

/// xorshift64*: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Fragments that steer mutants into interesting corners of ASL.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1e999",
    "99999999999",
    "\"$\"",
    "\"$$\"",
    "\"$.a[?(@.b)]\"",
    "\"$..x\"",
    "\"States.Format('{}', $.a)\"",
    "\"States.Array(\"",
    "\"{% $states.input %}\"",
    "\"{% 1 + %}\"",
    "\"{%\"",
    "\"Next\"",
    "\"End\"",
    "\"Type\"",
    "\"Choice\"",
    "\"Map\"",
    "\"Parallel\"",
    "\"States.ALL\"",
    "\"Retry\"",
    "\"Catch\"",
    "\"ErrorEquals\"",
    "\"Branches\"",
    "\"ItemProcessor\"",
    "\"StartAt\"",
    "\"States\"",
    "\"Assign\"",
    "\"x.$\"",
    "\"arn:aws:states:::lambda:invoke\"",
    "\"${X}\"",
    "\"\\ud800\"",
    "\u{1F600}",
    "\u{0}",
    "\n",
    "  ",
    "- ",
    "&a ",
    "*a",
    "!Ref ",
    "? ",
];

fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut s: Vec<char> = seed.chars().collect();
    for _ in 0..=rng.below(4) {
        let len = s.len();
        match rng.below(6) {
            0 => s.truncate(rng.below(len + 1)),
            1 if len > 0 => {
                let at = rng.below(len);
                let n = rng.below(16).min(len - at);
                s.drain(at..at + n);
            }
            2 => {
                let at = rng.below(len + 1);
                let t: Vec<char> = rng.pick(TOKENS).chars().collect();
                s.splice(at..at, t);
            }
            3 if len > 1 => {
                let a = rng.below(len);
                let b = rng.below(len);
                s.swap(a, b);
            }
            4 if len > 0 => {
                let at = rng.below(len);
                let n = rng.below(64).min(len - at);
                let chunk: Vec<char> = s[at..at + n].to_vec();
                let to = rng.below(len + 1);
                s.splice(to..to, chunk);
            }
            _ => {
                let at = rng.below(len + 1);
                s.insert(at, char::from_u32(rng.below(0x3000) as u32).unwrap_or('?'));
            }
        }
    }
    s.into_iter().collect()
}

/// A random, ASL-shaped definition: mostly well-formed JSON with plausible fields, so the
/// builder and validator (not only the reader) see odd combinations.
fn generate(rng: &mut Rng) -> String {
    let n = 1 + rng.below(6);
    let names: Vec<String> = (0..n).map(|i| format!("S{i}")).collect();
    let mut states = Vec::new();
    for (i, name) in names.iter().enumerate() {
        states.push(format!("\"{name}\": {}", gen_state(rng, &names, i, 0)));
    }
    let ql = *rng.pick(&[
        "",
        "\"QueryLanguage\": \"JSONata\",",
        "\"QueryLanguage\": \"JSONPath\",",
        "\"QueryLanguage\": 3,",
    ]);
    format!(
        "{{{ql} \"StartAt\": \"{}\", \"States\": {{{}}}}}",
        rng.pick(&names),
        states.join(",")
    )
}

fn gen_state(rng: &mut Rng, names: &[String], i: usize, depth: usize) -> String {
    let next = if rng.below(3) == 0 || i + 1 >= names.len() {
        "\"End\": true".to_string()
    } else {
        format!("\"Next\": \"{}\"", names[i + 1])
    };
    let value = |rng: &mut Rng| {
        rng.pick(&[
            "1",
            "-1",
            "0.5",
            "\"$.x\"",
            "\"{% $x %}\"",
            "null",
            "[]",
            "{}",
            "\"States.UUID()\"",
            "\"2020-01-01T00:00:00Z\"",
        ])
        .to_string()
    };
    let extra = |rng: &mut Rng| {
        let key = *rng.pick(&[
            "InputPath",
            "OutputPath",
            "ResultPath",
            "Parameters",
            "Arguments",
            "Output",
            "Assign",
            "TimeoutSeconds",
            "HeartbeatSeconds",
            "Seconds",
            "Timestamp",
            "SecondsPath",
            "Error",
            "Cause",
            "ErrorPath",
            "Items",
            "ItemsPath",
            "MaxConcurrency",
            "Label",
            "ToleratedFailurePercentage",
            "Comment",
            "Result",
            "Credentials",
            "Unknown",
        ]);
        let v = value(rng);
        format!(", \"{key}\": {v}")
    };
    let mut extras = String::new();
    for _ in 0..rng.below(3) {
        extras.push_str(&extra(rng));
    }
    let scope = |rng: &mut Rng| {
        if depth > 2 {
            "{\"StartAt\": \"X\", \"States\": {\"X\": {\"Type\": \"Succeed\"}}}".to_string()
        } else {
            let inner = vec![format!("I{depth}{}", rng.below(9))];
            format!(
                "{{\"StartAt\": \"{}\", \"States\": {{\"{}\": {}}}}}",
                inner[0],
                inner[0],
                gen_state(rng, &inner, 0, depth + 1)
            )
        }
    };
    match rng.below(9) {
        0 => format!("{{\"Type\": \"Pass\", {next}{extras}}}"),
        1 => format!(
            "{{\"Type\": \"Task\", \"Resource\": \"{}\", {next}{extras}, \"Retry\": [{{\"ErrorEquals\": [\"{}\"], \"BackoffRate\": {}}}]}}",
            rng.pick(&[
                "arn:aws:states:::lambda:invoke",
                "arn:aws:states:::sns:publish.sync",
                "foo",
                "${X}",
                "arn:aws:lambda:us-east-1:1:function:f:"
            ]),
            rng.pick(&["States.ALL", "States.All", "E"]),
            value(rng)
        ),
        2 => format!(
            "{{\"Type\": \"Choice\", \"Choices\": [{{\"Variable\": \"$.a\", \"{}\": {}, \"Next\": \"{}\"}}], \"Default\": \"{}\"{extras}}}",
            rng.pick(&[
                "StringEquals",
                "NumericEqualsPath",
                "IsPresent",
                "And",
                "Not",
                "TimestampEquals"
            ]),
            value(rng),
            rng.pick(names),
            rng.pick(names)
        ),
        3 => format!("{{\"Type\": \"Wait\", {next}{extras}}}"),
        4 => format!("{{\"Type\": \"Succeed\"{extras}}}"),
        5 => format!("{{\"Type\": \"Fail\"{extras}}}"),
        6 => format!(
            "{{\"Type\": \"Parallel\", \"Branches\": [{}], {next}{extras}}}",
            scope(rng)
        ),
        7 => format!(
            "{{\"Type\": \"Map\", \"ItemProcessor\": {}, {next}{extras}, \"ItemBatcher\": {{}}}}",
            scope(rng).replacen(
                '{',
                "{\"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\"}, ",
                1
            )
        ),
        _ => format!(
            "{{\"Type\": \"{}\", {next}{extras}}}",
            rng.pick(&["Tsk", "", "Map", "Choice"])
        ),
    }
}

fn corpus_seeds() -> Vec<(String, Format)> {
    let Some(dir) = std::env::var_os("WORKFLOW_CORPUS")
        .map(std::path::PathBuf::from)
        .or_else(|| Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")))
        .filter(|d| d.join("manifest.jsonl").is_file())
    else {
        return Vec::new();
    };
    let manifest = std::fs::read_to_string(dir.join("manifest.jsonl")).unwrap_or_default();
    let mut seeds = Vec::new();
    for line in manifest.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(file) = v["file"].as_str() else {
            continue;
        };
        if !matches!(v["kind"].as_str(), Some("asl" | "asl-state")) {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(dir.join(file)) {
            // Small files keep the debug-build run short; big ones add nothing new.
            if text.len() <= 6000 {
                seeds.push((text, Format::from_path(file)));
            }
        }
    }
    seeds
}

fn run_one(text: &str, format: Format, express: bool) {
    let options = Options {
        machine_type: Some(if express {
            MachineType::Express
        } else {
            MachineType::Standard
        }),
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let report = check(text, format, &options);
        if let Some(v) = report.validated() {
            let _ = v.to_json_string();
        }
    }));
    if outcome.is_err() {
        let path = std::env::temp_dir().join("workflow-no-panic-failure.txt");
        let _ = std::fs::write(&path, text);
        panic!(
            "panic on input ({format:?}) written to {}:\n{text}",
            path.display()
        );
    }
}

#[test]
fn parser_and_validator_never_panic() {
    let cases: usize = std::env::var("NO_PANIC_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let seed: u64 = std::env::var("NO_PANIC_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_CAFE_F00D);
    let mut rng = Rng(seed | 1);
    let seeds = corpus_seeds();
    assert!(
        !seeds.is_empty(),
        "no corpus seeds found: put the corpus at ../shared/corpus or set WORKFLOW_CORPUS"
    );
    // Quiet the default hook: a caught panic is reported by the assertion with its input.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let (mut mutated, mut generated) = (0usize, 0usize);
    for i in 0..cases {
        if i % 4 == 3 {
            let text = generate(&mut rng);
            let text = if rng.below(2) == 0 {
                text
            } else {
                mutate(&mut rng, &text)
            };
            run_one(&text, Format::Json, i % 8 == 3);
            generated += 1;
        } else {
            let (seed_text, format) = rng.pick(&seeds);
            let text = mutate(&mut rng, seed_text);
            // Half the JSON mutants also go through the YAML reader (JSON is YAML's flow style).
            let format = if *format == Format::Json && rng.below(2) == 0 {
                Format::Yaml
            } else {
                *format
            };
            run_one(&text, format, i % 7 == 0);
            mutated += 1;
        }
    }
    std::panic::set_hook(hook);
    println!(
        "no-panic: {cases} inputs ({mutated} mutated from {} corpus seeds, {generated} generated), none panicked",
        seeds.len()
    );
}
