workflow::graphql_api! {
    pub OrdersApi {
        schema: "
type Query {
  order(id: ID!): Ordr
}
",
        auth: AWS_IAM,
    }
}

fn main() {}
