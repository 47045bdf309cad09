//! The generated model resolvers enforce the rules: their `APPSYNC_JS` code runs in node
//! (`tests/model-resolvers/check.mjs`, a stand-in of AppSync's `util`) as callers of each
//! mode, for a model with an owner rule, an `Admin` group and public reads. Skipped with a note
//! without node.

use std::path::Path;
use std::process::Command;

use workflow::core::appsync::{AuthProvider, AuthRule, GraphqlApi, Model, ModelOperation};
use workflow::core::template::Value;

#[test]
fn resolvers_let_in_exactly_whom_the_rules_name() {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("note: skipping the resolver check: node is not installed");
        return;
    }
    let api = GraphqlApi::new("ShopApi")
        .auth(AuthProvider::cognito_user_pools(Value::parameter(
            "UserPoolId",
        )))
        .additional_auth(AuthProvider::api_key())
        .model(
            Model::new("Review")
                .field("rating", "Int!")
                .field("text", "String")
                .field("author", "String")
                .rule(AuthRule::owner("author"))
                .rule(AuthRule::groups(["Admin"]))
                .rule(AuthRule::public().operations([ModelOperation::Read])),
        )
        .expanded();
    let dir = std::env::temp_dir().join(format!("model-resolvers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (file, field) in [
        ("Get", "getReview"),
        ("Update", "updateReview"),
        ("Create", "createReview"),
    ] {
        let resolver = api
            .resolvers
            .iter()
            .find(|r| r.field_name == field)
            .expect("generated");
        let Some(workflow::core::appsync::Code::Js(source)) = &resolver.code else {
            panic!("{field} is APPSYNC_JS");
        };
        // Node has no `@aws-appsync/utils`: the check script provides `util` and `runtime`.
        let code = source.text.as_deref().unwrap().replace(
            "import { runtime, util } from '@aws-appsync/utils';",
            "const { runtime, util } = globalThis;",
        );
        std::fs::write(dir.join(format!("{file}.mjs")), code).unwrap();
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/model-resolvers/check.mjs");
    let output = Command::new("node").arg(script).arg(&dir).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{stdout}");
    let owner = r#"{"id":"1","author":"sub-alice::alice"}"#;
    let expected = [
        format!("the owner reads: {owner}"),
        "another user reads: unauthorized".to_string(),
        format!("an Admin reads: {owner}"),
        format!("the public reads: {owner}"),
        "the public updates: unauthorized".to_string(),
        r#"the owner updates: {"and":[{"id":{"attributeExists":true}},{"or":[{"author":{"eq":"sub-alice::alice"}}]}]}"#.to_string(),
        r#"an Admin updates: {"id":{"attributeExists":true}}"#.to_string(),
        r#"a user creates: "sub-alice::alice""#.to_string(),
        "a user creates for another: unauthorized".to_string(),
    ];
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
}
