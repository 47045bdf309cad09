//! The order API's front end, hosted by Amplify: two branches (main for production, dev for
//! development behind a password), a domain with a sub-domain for each, the single-page-app
//! rewrite and a redirect, security headers, a build with Cypress end-to-end tests, alarms, and
//! sign-in with a Cognito user pool (email, optional TOTP MFA, Google) whose ids the app gets as
//! environment variables. No secret is written in the template: the repository token, the dev
//! password and Google's client secret are Secrets Manager references.

use workflow::core::amplify::validate;
use workflow::core::template::{App, Output, Value};

workflow::user_pool! {
    /// The shop's customers: they sign in with their email address or with Google.
    pub ShopUsers {
        sign_in: [email],
        mfa: OPTIONAL,
        mfa_factors: [TOTP],
        password_policy: { minimum_length: 12, temporary_password_validity_days: 3 },
        account_recovery: [verified_email],
        domain: "order-shop-sign-in",
        identity_providers: [
            {
                kind: Google,
                client_id: "123456789012-shop.apps.googleusercontent.com",
                client_secret: secrets_manager("order-shop/google", "client_secret"),
            },
        ],
        client: {
            name: "order-web",
            callback_urls: ["https://shop.example.com/", "https://dev.shop.example.com/", "http://localhost:3000/"],
            logout_urls: ["https://shop.example.com/", "https://dev.shop.example.com/", "http://localhost:3000/"],
            identity_providers: [COGNITO, Google],
        },
    }
}

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

fn main() -> std::process::ExitCode {
    let users = ShopUsers::pool();
    // The front end finds the user pool through its environment.
    let web = OrderWeb::app()
        .environment("USER_POOL_ID", users.user_pool_id())
        .environment("USER_POOL_CLIENT_ID", users.client_id())
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
        .description("workflow-rs example order_web: the order shop's front end on Amplify Hosting, with Cognito sign-in")
        .part(ShopUsers::part())
        .part(web)
        .output(
            Output::new("UserPoolId", users.user_pool_id())
                .description("The user pool of the shop's customers"),
        )
        .output(
            Output::new("UserPoolClientId", users.client_id())
                .description("The app client of the web front end"),
        )
        .output(
            Output::new("AppDefaultDomain", Value::get_att("OrderWeb", "DefaultDomain"))
                .description("The Amplify domain of the app"),
        );
    workflow::synth::main(app)
}
