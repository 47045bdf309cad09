workflow::user_pool! {
    pub Customers {
        sign_in: [email],
        mfa: OPTIONAL,
        mfa_factors: [TOTP, SMS],
    }
}

fn main() {}
