workflow::user_pool! {
    pub Customers {
        sign_in: [email],
        mfa_factor: [TOTP],
    }
}

fn main() {}
