workflow::user_pool! {
    pub Customers {
        sign_in: [mail],
    }
}

fn main() {}
