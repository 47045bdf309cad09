//! An order API in front of the order-fulfillment workflow: AppSync over a DynamoDB table of
//! orders, a `placeOrder` mutation that starts the workflow (an HTTP data source signed for
//! Step Functions), and an `onOrderPlaced` subscription. Signed-in users (Cognito user pools)
//! place orders; the public reads with an API key. The stack creates the user pool
//! (`shared/shop_users.rs`) and exports its ids and the GraphQL endpoint for the front end
//! (`order_web`).
//!
//! The catalogue is declared as models, synced for Amplify DataStore clients (conflicts merged
//! automatically): products anyone reads and the `Admin` group edits, and reviews their authors
//! own. A DataStore client needs the endpoint (the `GraphQLUrl` output), the auth modes (the
//! user pool and the API key) and the schema (`schema.graphql`, written beside the template).

use workflow::core::template::{App, LogLevel, Logging, Output, Value};

#[path = "shared/order_workflow.rs"]
mod order_workflow;
#[path = "shared/shop_users.rs"]
mod shop_users;

use order_workflow::{dependency_parameters, machine};
use shop_users::ShopUsers;

workflow::graphql_api! {
    /// The order API: reads for everyone with the API key, orders placed by signed-in users.
    pub OrdersApi {
        schema: file("examples/order_api/schema.graphql"),
        auth: AMAZON_COGNITO_USER_POOLS { user_pool_id: ref("ShopUsers") },
        additional_auth: [API_KEY],
        data_sources: {
            Orders: table { partition_key: "id", description: "The orders table" },
            Fulfillment: workflow {
                state_machine: OrderFulfillment,
                description: "Starts the order-fulfillment workflow",
            },
        },
        resolvers: {
            Query.order: Orders => js(file("examples/order_api/resolvers/order.js")),
            Query.orders: Orders => js(file("examples/order_api/resolvers/orders.js")),
            Mutation.placeOrder: Fulfillment => js(file("examples/order_api/resolvers/placeOrder.js")),
        },
        models: {
            Product: {
                fields: {
                    name: "String!",
                    price: "Float!",
                    category: "String!",
                    reviews: has_many(Review, productId),
                },
                indexes: { byCategory: { partition: category, sort: name, query: productsByCategory } },
                rules: [public { operations: [read] }, groups("Admin")],
            },
            Review: {
                fields: {
                    productId: "ID!",
                    rating: "Int!",
                    text: String,
                    author: String,
                    product: belongs_to(Product, productId),
                },
                rules: [owner(author), public { operations: [read] }, groups("Admin")],
            },
        },
        sync: AUTOMERGE,
        xray: true,
    }
}

/// An output exported as `<stack name>-<name>`, for the front end's stack to import.
fn exported(name: &str, value: Value, description: &str) -> Output {
    Output::new(name, value)
        .description(description)
        .export_name(Value::sub(format!("${{AWS::StackName}}-{name}")))
}

fn main() -> std::process::ExitCode {
    let users = ShopUsers::pool();
    let app = App::new()
        .description("workflow-rs example order_api: a GraphQL API (AppSync) that places orders by starting the order-fulfillment workflow")
;
    let app = dependency_parameters(app)
        .state_machine(
            // The workflow saves orders in the API's table.
            machine(Value::reference("OrdersApiOrdersTable"))
                .logging(Logging::new(LogLevel::Error).retention_days(365))
                .tracing(true)
                .publish_version("live"),
        )
        .part(ShopUsers::part())
        .part(OrdersApi::validated())
        .output(exported(
            "GraphQLUrl",
            Value::get_att("OrdersApi", "GraphQLUrl"),
            "The endpoint of the order API",
        ))
        .output(exported(
            "UserPoolId",
            users.user_pool_id(),
            "The user pool of the shop's customers",
        ))
        .output(exported(
            "UserPoolClientId",
            users.client_id(),
            "The app client of the web front end",
        ));
    workflow_deploy::cli::main(app)
}
