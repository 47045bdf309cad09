workflow::user_pool! {
    pub Customers {
        domain: "Cognito-Shop",
    }
}

fn main() {}
