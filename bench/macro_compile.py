#!/usr/bin/env python3
"""Compile cost of the workflow! macro, measured in one run against a JSON baseline.

1. Expansion: a crate whose main.rs holds one workflow! of N states (N = 10, 100, 1000) is
   checked with `cargo check`; the same crate holding the equivalent ASL as a string via
   include_str! is the baseline. The difference is the time the macro costs.
2. Incremental rebuild: for a 200-state workflow, `touch src/main.rs && cargo build` of the macro
   crate against the include_str! crate; then the same with the workflow typed (an input type,
   declared task results), whose every path is checked in constant evaluation.

Every figure is the median of several runs, printed with its ratio to the baseline measured in
the same run. Usage: python3 bench/macro_compile.py [RUNS]; MACRO_BENCH_SIZES=200 picks sizes.
"""
import json, os, pathlib, statistics, subprocess, sys, time

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "bench-macro"
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5


TYPES = """
#[derive(workflow::JsonShape)]
pub struct Data {}
#[derive(workflow::JsonShape)]
pub struct Step { pub step: u32, pub name: String }
"""


def dsl(n, typed=False):
    """A workflow of n states: Pass, Task with retry and catch, Choice, Wait, in a repeating mix.
    Typed, it declares its input and each task's result, and keeps the results beside the input."""
    lines = ["workflow::workflow! {", "    pub Bench {"]
    for i in range(n):
        last = i == n - 1
        nxt = "end" if last else f"next: S{i + 1}"
        kind = i % 4
        if typed and i == 0:
            # A state's input type needs no JSON Schema, so the crate needs no schemars.
            lines.append("        #[input(Data)]")
        if kind == 0:
            lines.append(f'        S{i}: pass {{ result: {{ "step": {i}, "name": "s{i}" }}, result_path: $.s{i}, {nxt} }},')
        elif kind == 1:
            result = f" -> Step {{ result_path: $.t{i}," if typed else " {"
            lines.append(
                f'        S{i}: task lambda::invoke("${{Fn}}"){result} payload: {{ "Input": $.s{i - 1}, "Step": {i} }}, '
                f'timeout: 30s, retry: [States.TaskFailed] every 1s x2 backoff 2.0, '
                f'catch: [States.ALL] result_path $.error => S{i + 1 if not last else i}, {nxt} }},'
            )
        elif kind == 2 and not last:
            lines.append(f'        S{i}: choice {{ $.s{i - 2}.step >= {i} => S{i + 1}, _ => S{i + 1} }},')
        else:
            lines.append(f"        S{i}: wait 1s {{ {nxt} }},")
    lines += ["    }", "}"]
    return (TYPES if typed else "") + "\n".join(lines)


def make_crate(name, main_rs, extra=None):
    d = WORK / name
    (d / "src").mkdir(parents=True, exist_ok=True)
    (d / "Cargo.toml").write_text(
        f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n'
        f'[dependencies]\nworkflow = {{ path = "{ROOT}" , default-features = false }}\n\n[workspace]\n'
    )
    (d / "src" / "main.rs").write_text(main_rs)
    for fname, text in (extra or {}).items():
        (d / "src" / fname).write_text(text)
    return d


def timed(cmd, cwd):
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "CARGO_TARGET_DIR": str(WORK / "target")})
    return time.perf_counter() - start


def median_of(cmd, cwd, touch):
    samples = []
    for _ in range(RUNS):
        os.utime(touch)
        samples.append(timed(cmd, cwd))
    return statistics.median(samples)


def main():
    WORK.mkdir(parents=True, exist_ok=True)
    print(f"macro compile bench ({RUNS} runs each, median seconds)")
    sizes = [int(x) for x in os.environ.get("MACRO_BENCH_SIZES", "10,100,1000,200").split(",")]
    for n in sizes:
        incremental(n, typed=False)
        if n == 200 and os.environ.get("MACRO_BENCH_TYPED", "1") != "0":
            incremental(n, typed=True)


def incremental(n, typed):
    if True:
        body = dsl(n, typed)
        macro_main = body + "\n\nfn main() {\n    use workflow::Workflow;\n    println!(\"{}\", Bench::ASL.len());\n}\n"
        tag = f"{n}-typed" if typed else f"{n}"
        m = make_crate(f"wf-macro-{tag}", macro_main)
        timed(["cargo", "build", "-q"], m)  # warm: dependencies, and the ASL for the baseline
        # The baseline holds the same ASL the macro produced, as a file.
        dump = make_crate(f"wf-dump-{tag}", body + "\n\nfn main() {\n    use workflow::Workflow;\n    print!(\"{}\", Bench::ASL);\n}\n")
        out = subprocess.run(["cargo", "run", "-q"], cwd=dump, capture_output=True, text=True, check=True,
                             env={**os.environ, "CARGO_TARGET_DIR": str(WORK / "target")}).stdout
        json.loads(out)
        base_main = 'const ASL: &str = include_str!("machine.asl.json");\n\nfn main() {\n    println!("{}", ASL.len());\n}\n'
        b = make_crate(f"wf-json-{tag}", base_main, {"machine.asl.json": out})
        timed(["cargo", "build", "-q"], b)
        if n == 200:
            t_macro = median_of(["cargo", "build", "-q"], m, m / "src" / "main.rs")
            t_json = median_of(["cargo", "build", "-q"], b, b / "src" / "main.rs")
            kind = "typed" if typed else "untyped"
            print(f"  incremental rebuild, 200 states, {kind}: macro {t_macro:.2f} s, include_str! JSON {t_json:.2f} s, ratio {t_macro / t_json:.2f}")
        else:
            t_macro = median_of(["cargo", "check", "-q"], m, m / "src" / "main.rs")
            t_json = median_of(["cargo", "check", "-q"], b, b / "src" / "main.rs")
            print(f"  cargo check, {n:>4} states: macro {t_macro:.2f} s, include_str! JSON {t_json:.2f} s, "
                  f"expansion ≈ {max(t_macro - t_json, 0) * 1000:.0f} ms, ratio {t_macro / t_json:.2f}")


if __name__ == "__main__":
    main()
