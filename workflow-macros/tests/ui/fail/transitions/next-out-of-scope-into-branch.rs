use workflow::workflow;

workflow! {
    pub M {
        Start: choice {
            $.skip == true => Left,
            _ => Both,
        },
        Both: parallel {
            branch {
                Left: pass,
            },
        },
    }
}

fn main() {}
