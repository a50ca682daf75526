//! GitHub's OIDC issuer as AWS sees it: its URL and host, the audience its tokens carry for
//! AWS, the IAM provider's ARN and the claim keys a trust policy's conditions name.

/// The issuer's host, as a literal so the constants below can be built from it at compile time.
macro_rules! host {
    () => {
        "token.actions.githubusercontent.com"
    };
}

/// The issuer's host: IAM names the provider by it, and it prefixes the claim keys.
pub const HOST: &str = host!();
/// The OIDC issuer of GitHub Actions.
pub const GITHUB_OIDC_URL: &str = concat!("https://", host!());
/// The audience GitHub's tokens carry for AWS.
pub const AUDIENCE: &str = "sts.amazonaws.com";
/// GitHub's published certificate thumbprints; AWS no longer checks them for GitHub, but
/// some CloudFormation paths still require a list.
pub const THUMBPRINTS: [&str; 2] =
    ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"];
/// The token's subject claim, as a trust policy's condition names it.
pub const SUB_KEY: &str = concat!(host!(), ":sub");
/// The token's audience claim, as a trust policy's condition names it.
pub const AUD_KEY: &str = concat!(host!(), ":aud");

/// The IAM provider's ARN in `partition`, split around its account id: what comes before it and
/// what follows, for a command that fills the account in with a shell expansion.
pub fn provider_arn_around(partition: &str) -> (String, String) {
    (format!("arn:{partition}:iam::"), format!(":oidc-provider/{HOST}"))
}

/// The IAM provider's ARN in `partition` and `account`.
pub fn provider_arn(partition: &str, account: &str) -> String {
    let (before, after) = provider_arn_around(partition);
    format!("{before}{account}{after}")
}

/// The IAM provider's ARN in the stack's own partition and account, for `Fn::Sub`.
pub fn provider_arn_sub() -> String {
    provider_arn("${AWS::Partition}", "${AWS::AccountId}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_share_the_host() {
        assert_eq!(GITHUB_OIDC_URL, "https://token.actions.githubusercontent.com");
        assert_eq!(SUB_KEY, "token.actions.githubusercontent.com:sub");
        assert_eq!(AUD_KEY, "token.actions.githubusercontent.com:aud");
        assert_eq!(
            provider_arn("aws-cn", "123456789012"),
            "arn:aws-cn:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
        );
        assert_eq!(
            provider_arn_sub(),
            "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com"
        );
    }
}
