use workflow::workflow;

workflow! {
    pub M {
        Start: pass { next: Finsh },
        Finish: succeed,
    }
}

fn main() {}
