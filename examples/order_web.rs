//! The order API's front end, hosted by Amplify: two branches (main for production, dev for
//! development behind a password), a domain with a sub-domain for each, the single-page-app
//! rewrite and a redirect, security headers, a build with Cypress end-to-end tests, alarms, and
//! sign-in with the Cognito user pool of the order API's stack (`order_api`): the app gets the
//! pool's ids and the GraphQL endpoint as environment variables, imported from that stack's
//! exports. No secret is written in the template: the repository token and the dev password
//! are Secrets Manager references.
//!
//! The order API's catalogue (products, reviews) is synced for Amplify DataStore. What a
//! DataStore client is configured with, and where it comes from:
//! - the endpoint: `GRAPHQL_URL` below, the API stack's `GraphQLUrl` export;
//! - the auth modes: the user pool as the default mode (`USER_POOL_ID`, `USER_POOL_CLIENT_ID`)
//!   and an API key for public reads. The key is not exported, so that no template or output
//!   holds it: the build reads it with `aws appsync list-api-keys --api-id …`;
//! - the models: `schema.graphql`, which `synth` writes beside the order API's template, is the
//!   schema the API serves (with `_version`, `_deleted`, `_lastChangedAt` and the `sync…`
//!   queries). workflow-rs does not write a model introspection file; Amplify's client code
//!   generation downloads the deployed API's schema instead
//!   (`npx @aws-amplify/cli codegen add --apiId … --region …`).

use workflow::core::amplify::validate;
use workflow::core::template::{App, Output, Parameter, Tree, Value};

workflow::amplify_app! {
    /// The shop's web front end.
    pub OrderWeb {
        name: "order-web",
        description: "Order shop front end",
        repository: "https://github.com/example/order-web",
        access_token: secrets_manager("order-web/github", "token"),
        platform: WEB,
        service_role: created,
        branches: [
            { name: "main", stage: PRODUCTION, framework: "React" },
            {
                name: "dev",
                stage: DEVELOPMENT,
                framework: "React",
                pull_request_preview: true,
                basic_auth: { username: "team", password: secrets_manager("order-web/dev", "password") },
            },
        ],
        domain: { name: "shop.example.com", sub_domains: { "": "main", "www": "main", "dev": "dev" } },
        custom_rules: [
            { source: "/shop", target: "/", status: 301 },
            {
                source: "</^[^.]+$|\\.(?!(css|gif|ico|jpg|js|png|txt|svg|woff|ttf|map|json)$)([^.]+$)/>",
                target: "/index.html",
                status: 200,
            },
        ],
        custom_headers: [
            {
                pattern: "**/*",
                headers: {
                    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
                    "X-Content-Type-Options": "nosniff",
                    "X-Frame-Options": "DENY",
                },
            },
        ],
        build: {
            pre_build: ["npm ci"],
            build: ["npm run build"],
            base_directory: "build",
            files: ["**/*"],
            cache: ["node_modules/**/*"],
            test: cypress([
                "npx cypress run --reporter mochawesome --reporter-options \"reportDir=cypress/report/mochawesome-report,overwrite=false,html=false,json=true,timestamp=mmddyyyy_HHMMss\"",
            ]),
        },
        alarms: [
            { metric: "5xxErrors", threshold: 10 },
            { metric: "Latency", threshold: 2, evaluation_periods: 3 },
        ],
    }
}

/// `Fn::ImportValue` of the order API stack's export `<ApiStack>-<name>`.
fn imported(name: &str) -> Value {
    Value::Intrinsic(Tree::object([(
        "Fn::ImportValue",
        Tree::sub(&format!("${{ApiStack}}-{name}")),
    )]))
}

fn main() -> std::process::ExitCode {
    // The front end finds the user pool and the API through its environment.
    let web = OrderWeb::app()
        .environment("USER_POOL_ID", imported("UserPoolId"))
        .environment("USER_POOL_CLIENT_ID", imported("UserPoolClientId"))
        .environment("GRAPHQL_URL", imported("GraphQLUrl"))
        .environment("AWS_REGION_OF_AUTH", Value::reference("AWS::Region"));
    let web = match validate(&web) {
        Ok(web) => web.into_part(),
        Err(diagnostics) => {
            for d in diagnostics {
                eprintln!("{d}");
            }
            return std::process::ExitCode::FAILURE;
        }
    };
    let app = App::new()
        .description("workflow-rs example order_web: the order shop's front end on Amplify Hosting, signing in with the order API's Cognito user pool")
        .parameter(
            Parameter::string("ApiStack")
                .description("The name of the order API's stack (example order_api), whose exports the app imports")
                .default("order-api")
                .allowed_pattern("^[A-Za-z][A-Za-z0-9-]*$"),
        )
        .part(web)
        .output(
            Output::new("AppDefaultDomain", Value::get_att("OrderWeb", "DefaultDomain"))
                .description("The Amplify domain of the app"),
        );
    workflow_deploy::cli::main(app)
}
