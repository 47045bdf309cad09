workflow::user_pool! {
    pub Customers {
        identity_providers: [{
            kind: Google,
            client_id: "1234.apps.googleusercontent.com",
            client_secret: "GOCSPX-plain-text",
        }],
    }
}

fn main() {}
