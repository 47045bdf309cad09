workflow::graphql_api! {
    pub OrdersApi {
        schema: "
type Query {
  order(id: ID!): String @aws_api_key
}
",
        auth: AWS_IAM,
    }
}

fn main() {}
