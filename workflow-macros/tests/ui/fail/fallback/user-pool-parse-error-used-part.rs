// A body that does not parse still declares the pool and both its functions.
workflow::user_pool! {
    pub Customers {
        mfa OFF,
    }
}

fn main() {
    let _ = workflow::core::template::App::new().part(Customers::part());
    let _ = Customers::pool();
}
