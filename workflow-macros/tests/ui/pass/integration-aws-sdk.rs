use workflow::{Workflow, workflow};

workflow! {
    pub M {
        List: task aws_sdk::s3::list_objects_v2 {
            parameters: { "Bucket": "${Bucket}" },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2""#), "{}", M::ASL);
}
