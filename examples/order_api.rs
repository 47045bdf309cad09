//! An order API in front of the order-fulfillment workflow: AppSync over a DynamoDB table of
//! orders, a `placeOrder` mutation that starts the workflow (an HTTP data source signed for
//! Step Functions), and an `onOrderPlaced` subscription. Signed-in users (Cognito user pools)
//! place orders; the public reads with an API key. The stack creates the user pool
//! (`shared/shop_users.rs`) and exports its ids and the GraphQL endpoint for the front end
//! (`order_web`).

use workflow::core::template::{App, LogLevel, Logging, Output, Parameter, Value};

#[path = "shared/order_workflow.rs"]
mod order_workflow;
#[path = "shared/shop_users.rs"]
mod shop_users;

use order_workflow::OrderFulfillment;
use shop_users::ShopUsers;

/// A template parameter: a name or ARN matching `pattern`.
fn parameter(name: &str, description: &str, pattern: &str) -> Parameter {
    Parameter::string(name)
        .description(description)
        .allowed_pattern(pattern)
}

/// A template parameter holding the ARN of a Lambda function.
fn function_parameter(name: &str, what: &str) -> Parameter {
    parameter(
        name,
        &format!("ARN of the {what} Lambda function"),
        "^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+$",
    )
}

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
        .parameter(parameter(
            "ReviewQueueUrl",
            "URL of the SQS queue of orders to review",
            "^https://sqs\\.[a-z0-9-]+\\.amazonaws\\.com/[0-9]{12}/[A-Za-z0-9_-]+$",
        ))
        .parameter(parameter(
            "ReviewQueueArn",
            "ARN of the same queue, for the execution role",
            "^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$",
        ))
        .parameter(function_parameter("ReserveFunctionArn", "stock reservation"))
        .parameter(function_parameter("ChargeFunctionArn", "payment"))
        .parameter(parameter(
            "OrdersTopicArn",
            "ARN of the SNS topic of order notifications",
            "^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$",
        ))
        .state_machine(
            workflow::synth::machine::<OrderFulfillment>()
                // The workflow saves orders in the API's table.
                .substitution("OrdersTable", Value::reference("OrdersApiOrdersTable"))
                .substitution("ReviewQueueUrl", Value::parameter("ReviewQueueUrl"))
                .substitution("ReviewQueueArn", Value::parameter("ReviewQueueArn"))
                .substitution("ReserveFunctionArn", Value::parameter("ReserveFunctionArn"))
                .substitution("ChargeFunctionArn", Value::parameter("ChargeFunctionArn"))
                .substitution("OrdersTopicArn", Value::parameter("OrdersTopicArn"))
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
