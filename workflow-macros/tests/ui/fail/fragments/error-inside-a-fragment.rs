//! A mistake inside a fragment is reported at the fragment, where it can be fixed once.
use workflow::{fragment, workflow};

fragment! {
    slow_retry { [States.ALL] every 2s x3 backof 2 }
}

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") { retry: slow_retry!(), end },
    }
}

fn main() {}
