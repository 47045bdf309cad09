// Should fail: "an EXPRESS state machine cannot use an activity [express-unsupported]",
// pointing at `activity`/its argument. Today it compiles: the Resource is the placeholder
// `${WorkerArn}`, which the validator cannot classify, although `activity(…)` says what it is.
// (With a literal activity ARN the error is reported: fail/tasks/express-unsupported-activity.rs.)
use workflow::workflow;

workflow! {
    #[express]
    pub M {
        Work: task activity("${WorkerArn}"),
    }
}

fn main() {}
