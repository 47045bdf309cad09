//! Compile-fail and compile-pass cases of the `workflow!` macro (trybuild).
//!
//! `tests/ui/fail/<area>/<rule>.rs` holds one mistake per file, named after the rule it breaks,
//! with the reviewed compiler output in the `.stderr` beside it; `tests/ui/pass/` holds one
//! workflow per feature that must compile. Refresh the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p workflow-macros --test ui` and review the diff. One test
//! function, because trybuild locks its build folder.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*/*.rs");
}
