workflow::graphql_api! {
    pub ShopApi {
        auth: API_KEY,
        models: {
            Order: { fields: { total: "Float!", lines: has_many(OrderLin, orderId) } },
            OrderLine: { fields: { orderId: "ID!", order: belongs_to(Order, orderId) } },
        },
    }
}

fn main() {}
