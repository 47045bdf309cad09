workflow::user_pool! {
    pub Customers {
        sign_in: [email],
        client: { name: "web", callback_urls: ["https://example.com/", "http://example.com/#done"] },
    }
}

fn main() {}
