//! Model types with relations, an index, auth rules per model and per field, and sync: they
//! compile, and the API renders with its generated schema, tables and resolvers.

use workflow::core::template::{App, Parameter};

workflow::graphql_api! {
    /// A blog with owners, editors and groups, synced with DataStore.
    pub BlogApi {
        auth: AMAZON_COGNITO_USER_POOLS { user_pool_id: param("UserPoolId") },
        additional_auth: [API_KEY, AWS_IAM],
        models: {
            Blog: {
                fields: { name: "String!", owner: String, posts: has_many(Post, blogId) },
                rules: [owner(owner), groups("Admin"), public { operations: [read] }],
            },
            Post: {
                fields: {
                    title: "String!",
                    blogId: "ID!",
                    author: String,
                    editors: "[String]",
                    readers: "[String]",
                    draft: String,
                    blog: belongs_to(Blog, blogId),
                },
                indexes: { byBlog: { partition: blogId, sort: title, query: postsByBlog } },
                rules: [
                    owner(author),
                    owner(editors) { operations: [read, update] },
                    groups_field(readers) { operations: [read] },
                    public { mode: AWS_IAM, operations: [read] },
                ],
                field_rules: { draft: [owner(author)] },
                timestamps: false,
            },
        },
        sync: AUTOMERGE,
    }
}

fn main() {
    let template = App::new()
        .parameter(Parameter::string("UserPoolId"))
        .part(BlogApi::validated())
        .to_template()
        .unwrap();
    assert!(template.resource("BlogApiDeltaSyncTable").is_some());
    assert!(template.resource("BlogApiQuerySyncPostsResolver").is_some());
    assert!(template.resource("BlogApiPostDraftResolver").is_some());
    let schema = &template.files()[0].1;
    assert!(schema.contains("postsByBlog(blogId: ID!, title: ModelStringKeyConditionInput"));
}
