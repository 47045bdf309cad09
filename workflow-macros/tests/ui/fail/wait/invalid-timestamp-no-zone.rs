use workflow::workflow;

workflow! {
    pub M {
        Later: wait until "2026-01-01T10:00:00",
    }
}

fn main() {}
