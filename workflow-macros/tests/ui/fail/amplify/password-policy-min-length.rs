workflow::user_pool! {
    pub Customers {
        sign_in: [email],
        password_policy: { minimum_length: 4 },
    }
}

fn main() {}
