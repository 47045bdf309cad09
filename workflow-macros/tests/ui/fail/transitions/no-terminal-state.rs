use workflow::workflow;

workflow! {
    pub M {
        Ping: pass { next: Pong },
        Pong: pass { next: Ping },
    }
}

fn main() {}
