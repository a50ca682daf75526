//! AWS regions, partitions, role ARNs and hosted-template URLs.

use std::fmt;

use crate::core::setup::values::{AccountId, Quoted, Refusal, RoleName};

/// An AWS partition: the `arn:<partition>:` part of every ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Partition {
    /// The commercial regions.
    Aws,
    /// The China regions.
    AwsCn,
    /// The AWS GovCloud (US) regions.
    AwsUsGov,
}

impl Partition {
    /// Every partition, commercial first.
    pub const ALL: [Partition; 3] = [Partition::Aws, Partition::AwsCn, Partition::AwsUsGov];

    /// The partition's name for people.
    pub fn name(self) -> &'static str {
        match self {
            Partition::Aws => "AWS",
            Partition::AwsCn => "AWS China",
            Partition::AwsUsGov => "AWS GovCloud (US)",
        }
    }

    /// The known regions of this partition: code and name.
    pub fn regions(self) -> impl Iterator<Item = (&'static str, &'static str)> {
        REGIONS.iter().copied().filter(move |(code, _)| Region(code).partition() == self)
    }

    /// The partition as written in ARNs.
    pub fn as_str(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
        }
    }

    /// The host of the AWS console for this partition.
    pub fn console_host(self) -> &'static str {
        match self {
            Partition::Aws => "console.aws.amazon.com",
            Partition::AwsCn => "console.amazonaws.cn",
            Partition::AwsUsGov => "console.amazonaws-us-gov.com",
        }
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The region codes the wizard knows, commercial first.
pub const REGIONS: &[(&str, &str)] = &[
    ("us-east-1", "US East (N. Virginia)"),
    ("us-east-2", "US East (Ohio)"),
    ("us-west-1", "US West (N. California)"),
    ("us-west-2", "US West (Oregon)"),
    ("af-south-1", "Africa (Cape Town)"),
    ("ap-east-1", "Asia Pacific (Hong Kong)"),
    ("ap-east-2", "Asia Pacific (Taipei)"),
    ("ap-south-1", "Asia Pacific (Mumbai)"),
    ("ap-south-2", "Asia Pacific (Hyderabad)"),
    ("ap-southeast-1", "Asia Pacific (Singapore)"),
    ("ap-southeast-2", "Asia Pacific (Sydney)"),
    ("ap-southeast-3", "Asia Pacific (Jakarta)"),
    ("ap-southeast-4", "Asia Pacific (Melbourne)"),
    ("ap-southeast-5", "Asia Pacific (Malaysia)"),
    ("ap-southeast-7", "Asia Pacific (Thailand)"),
    ("ap-northeast-1", "Asia Pacific (Tokyo)"),
    ("ap-northeast-2", "Asia Pacific (Seoul)"),
    ("ap-northeast-3", "Asia Pacific (Osaka)"),
    ("ca-central-1", "Canada (Central)"),
    ("ca-west-1", "Canada West (Calgary)"),
    ("eu-central-1", "Europe (Frankfurt)"),
    ("eu-central-2", "Europe (Zurich)"),
    ("eu-west-1", "Europe (Ireland)"),
    ("eu-west-2", "Europe (London)"),
    ("eu-west-3", "Europe (Paris)"),
    ("eu-south-1", "Europe (Milan)"),
    ("eu-south-2", "Europe (Spain)"),
    ("eu-north-1", "Europe (Stockholm)"),
    ("il-central-1", "Israel (Tel Aviv)"),
    ("me-south-1", "Middle East (Bahrain)"),
    ("me-central-1", "Middle East (UAE)"),
    ("mx-central-1", "Mexico (Central)"),
    ("sa-east-1", "South America (São Paulo)"),
    ("cn-north-1", "China (Beijing)"),
    ("cn-northwest-1", "China (Ningxia)"),
    ("us-gov-west-1", "AWS GovCloud (US-West)"),
    ("us-gov-east-1", "AWS GovCloud (US-East)"),
];

/// The regions an account must enable before it can use them (AWS's "opt-in" regions, those
/// launched since March 2019): a job that publishes there fails in an account that has not.
pub const OPT_IN_REGIONS: [&str; 17] = [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "ap-southeast-6",
];

/// A known AWS region code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region(&'static str);

impl Region {
    /// Parses a region code from the known list.
    pub fn parse(value: &str) -> Result<Self, Refusal> {
        let value = value.trim();
        let value_q = Quoted(value);
        if value.is_empty() {
            return Err("the region is empty; use a region code such as us-east-1".into());
        }
        if let Some((code, _)) = REGIONS.iter().find(|(code, _)| *code == value) {
            return Ok(Region(code));
        }
        let hint = match closest_region(value) {
            Some(code) => format!("did you mean {code}?"),
            None => "use a region code such as us-east-1 or eu-west-1".into(),
        };
        Err(format!("{value_q} is not a known AWS region code; {hint}"))
    }

    /// The region code, e.g. `us-east-1`.
    pub fn code(self) -> &'static str {
        self.0
    }

    /// The partition the region belongs to.
    pub fn partition(self) -> Partition {
        if self.0.starts_with("cn-") {
            Partition::AwsCn
        } else if self.0.starts_with("us-gov-") {
            Partition::AwsUsGov
        } else {
            Partition::Aws
        }
    }
}

impl Default for Region {
    fn default() -> Self {
        Region(crate::core::setup::defaults::REGION)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// The known region closest to a mistyped code, if one is close enough to suggest.
fn closest_region(value: &str) -> Option<&'static str> {
    let lower = value.to_ascii_lowercase().replace('_', "-");
    REGIONS
        .iter()
        .map(|(code, _)| (edit_distance(&lower, code), *code))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, code)| code)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// The ARN of the publisher role, as the stack outputs it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RoleArn {
    partition: Partition,
    account: AccountId,
    role: RoleName,
}

impl RoleArn {
    /// The ARN of `role` in `account` and `partition`.
    pub fn new(partition: Partition, account: AccountId, role: RoleName) -> Self {
        RoleArn { partition, account, role }
    }

    /// Parses a pasted role ARN and checks it against the role name and partition the
    /// setup uses.
    pub fn parse(value: &str, expected_role: &RoleName, expected_partition: Partition) -> Result<Self, Refusal> {
        let value = value.trim();
        let value_q = Quoted(value);
        let example = format!("arn:{expected_partition}:iam::123456789012:role/{expected_role}");
        let shape =
            || format!("{value_q} is not an IAM role ARN; paste the RoleArn output of the stack, e.g. {example}");
        let rest = value.strip_prefix("arn:").ok_or_else(shape)?;
        let (partition, rest) = rest.split_once(':').ok_or_else(shape)?;
        let partition = match partition {
            "aws" => Partition::Aws,
            "aws-cn" => Partition::AwsCn,
            "aws-us-gov" => Partition::AwsUsGov,
            _ => return Err(shape()),
        };
        let rest = rest.strip_prefix("iam::").ok_or_else(shape)?;
        let (account, resource) = rest.split_once(':').ok_or_else(shape)?;
        let role = resource.strip_prefix("role/").ok_or_else(shape)?;
        let account = AccountId::parse(account).map_err(|_| shape())?;
        if partition != expected_partition {
            return Err(format!(
                "the ARN is in partition {partition}, but the region chosen is in {expected_partition}; paste the ARN from the stack in that region, e.g. {example}"
            ));
        }
        if role != expected_role.as_str() {
            // The other way round only for a name the role-name field would take.
            let or =
                RoleName::parse(role).map_or(String::new(), |role| format!(", or set the role name to \"{role}\""));
            return Err(format!(
                "the ARN names role {}, but the template creates \"{expected_role}\"; paste the RoleArn output of this stack{or}",
                Quoted(role)
            ));
        }
        Ok(RoleArn { partition, account, role: expected_role.clone() })
    }

    /// The account the role lives in.
    pub fn account(&self) -> &AccountId {
        &self.account
    }
}

impl fmt::Display for RoleArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "arn:{}:iam::{}:role/{}", self.partition, self.account, self.role)
    }
}

/// The generic template's file name, as a literal for `concat!`.
macro_rules! generic_template_file {
    () => {
        "ocelot-setup-generic.yaml"
    };
}

/// The file name the generic template is written to and hosted as.
pub const GENERIC_TEMPLATE_FILE: &str = generic_template_file!();

/// An example of a [`TemplateUrl`], for refusals and the wizard's placeholder.
pub const TEMPLATE_URL_EXAMPLE: &str =
    concat!("https://my-bucket.s3.us-east-1.amazonaws.com/", generic_template_file!());

/// An https URL of a template in Amazon S3, the only kind the console's quick-create
/// links accept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TemplateUrl(String);

impl TemplateUrl {
    /// Parses an https URL on an Amazon S3 host.
    pub fn parse(value: &str) -> Result<Self, Refusal> {
        let value = value.trim();
        let value_q = Quoted(value);
        let example = TEMPLATE_URL_EXAMPLE;
        let rest = value.strip_prefix("https://").ok_or_else(|| {
            format!("{value_q} is not an https URL; the console only takes templates from Amazon S3 over https, e.g. {example}")
        })?;
        if let Some(c) =
            rest.chars().find(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`'))
        {
            return Err(format!(
                "the URL contains {}; copy the object URL from the S3 console, e.g. {example}",
                super::values::describe(c)
            ));
        }
        // The host ends where a browser ends it, so `evil.com?.s3.amazonaws.com/x` is evil.com.
        let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
        let (host, path) = (rest[..end].to_ascii_lowercase(), rest[end..].strip_prefix('/').unwrap_or(""));
        let on_s3 = host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
            && [".amazonaws.com", ".amazonaws.com.cn"].iter().any(|suffix| {
                host.strip_suffix(suffix)
                    .is_some_and(|front| front.split('.').any(|label| label == "s3" || label.starts_with("s3-")))
            });
        if !on_s3 {
            return Err(format!(
                "{host} is not an Amazon S3 host; quick-create links only accept templates stored in S3 (not GitHub or other sites), e.g. {example}"
            ));
        }
        if path.split(['?', '#']).next().unwrap_or("").is_empty() {
            return Err(format!("the URL names no object; give the template object's URL, e.g. {example}"));
        }
        Ok(TemplateUrl(value.to_string()))
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TemplateUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_region_is_a_known_one_and_every_region_has_one_partition() {
        assert_eq!(Region::parse(crate::core::setup::defaults::REGION), Ok(Region::default()));
        let grouped: usize = Partition::ALL.iter().map(|p| p.regions().count()).sum();
        assert_eq!(grouped, REGIONS.len());
        assert!(Partition::AwsCn.regions().all(|(code, _)| code.starts_with("cn-")));
    }
}
