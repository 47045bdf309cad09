//! A choice with no `_ =>` arm does not continue with the state written after it.
use workflow::workflow;

workflow! {
    pub M {
        Route: choice {
            $.total > 100 => Big,
        },
        Small: succeed,
        Big: succeed,
    }
}

fn main() {}
