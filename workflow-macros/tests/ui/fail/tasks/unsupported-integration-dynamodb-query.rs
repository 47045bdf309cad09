use workflow::workflow;

workflow! {
    pub M {
        Query: task dynamodb::query {
            parameters: { "TableName": "${Table}" },
        },
    }
}

fn main() {}
