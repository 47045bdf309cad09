//! A fragment is checked in its place: a retrier after `States.ALL` is refused at the use.
use workflow::{fragment, workflow};

fragment! {
    throttled { [Lambda.TooManyRequestsException] every 1s x5 }
}

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            retry: [States.ALL] x2,
            retry: throttled!(),
            end,
        },
    }
}

fn main() {}
