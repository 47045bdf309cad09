workflow::graphql_api! {
    pub OrdersApi {
        schema: "
type Query {
  order(id: ID!: String
}
",
        auth: AWS_IAM,
    }
}

fn main() {}
