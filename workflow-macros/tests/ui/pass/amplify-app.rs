workflow::amplify_app! {
    /// Every field of an app.
    pub ShopWeb {
        name: "shop-web",
        description: "The shop",
        repository: "https://github.com/example/shop-web",
        access_token: secrets_manager("shop-web/github", "token"),
        platform: WEB_COMPUTE,
        service_role: created,
        environment: { "API_URL": "https://api.example.com/graphql" },
        branches: [
            { name: "main", stage: PRODUCTION, framework: "Next.js - SSR", auto_build: true },
            {
                name: "dev",
                stage: DEVELOPMENT,
                pull_request_preview: true,
                environment: { "FLAG": "on" },
                basic_auth: { username: "team", password: secrets_manager("shop-web/dev") },
            },
        ],
        domain: { name: "example.com", sub_domains: { "": "main", "dev": "dev" } },
        custom_rules: [
            { source: "/old", target: "/new", status: 301 },
            { source: "/de", target: "/de/", status: "302", condition: "<DE>" },
            { source: "/<*>", target: "/index.html", status: "404-200" },
        ],
        custom_headers: [{ pattern: "**/*", headers: { "X-Frame-Options": "DENY" } }],
        build: {
            pre_build: ["npm ci"],
            build: ["npm run build"],
            base_directory: ".next",
            files: ["**/*"],
            cache: ["node_modules/**/*"],
            test: cypress(["npx cypress run"]),
        },
        alarms: [{ metric: "Latency", threshold: 2, period_seconds: 60, evaluation_periods: 5 }],
        alarm_action: "arn:aws:sns:eu-west-1:123456789012:alarms",
    }
}

fn main() {
    let app = ShopWeb::app();
    assert_eq!(app.platform, "WEB_COMPUTE");
    assert_eq!(app.custom_rules[2].status, "404-200");
    let template = workflow::core::template::App::new().part(ShopWeb::part()).to_template().unwrap();
    assert!(template.resource("ShopWebBranchDev").is_some());
}
