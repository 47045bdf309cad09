// After an error the struct and its function are still declared: using them adds no error.
workflow::user_pool! {
    pub Customers {
        mfa: ON,
    }
}

fn main() {
    let pool = Customers::pool();
    let _ = pool.user_pool_id();
}
