workflow::graphql_api! {
    pub ShopApi {
        auth: AMAZON_COGNITO_USER_POOLS { user_pool_id: param("UserPoolId") },
        models: {
            Order: {
                fields: { total: "Float!", customer: String },
                rules: [owner(custmer)],
            },
        },
    }
}

fn main() {}
