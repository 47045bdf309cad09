use workflow::workflow;

workflow! {
    pub M {
        Decide: choice {
            $.a[*] == 1 => Done,
            _ => Done,
        },
        Done: succeed,
    }
}

fn main() {}
