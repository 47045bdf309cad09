workflow::graphql_api! {
    pub OrdersApi {
        schema: r#"
type Order { id: ID! }
type Query { order(id: ID!): Order }
type Mutation { placeOrder(id: ID!): Order }
type Subscription {
  onOrderPlaced: Order @aws_subscribe(mutations: ["placeOrdr"])
}
"#,
        auth: AWS_IAM,
    }
}

fn main() {}
