workflow::user_pool! {
    pub Customers {
        sign_in: [email],
        mfa: ON,
    }
}

fn main() {}
