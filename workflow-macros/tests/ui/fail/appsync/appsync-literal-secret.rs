workflow::graphql_api! {
    pub ReportsApi {
        schema: "type Query { total: Float }",
        auth: AWS_IAM,
        data_sources: {
            Ledger: rds {
                cluster_arn: param("LedgerClusterArn"),
                secret_arn: "correct-horse-battery-staple",
            },
        },
    }
}

fn main() {}
