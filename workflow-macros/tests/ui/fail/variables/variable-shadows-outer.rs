use workflow::workflow;

workflow! {
    pub M {
        Init: pass {
            assign: { total: 0 },
        },
        Both: parallel {
            branch {
                Inner: pass {
                    assign: { total: 1 },
                },
            },
        },
    }
}

fn main() {}
