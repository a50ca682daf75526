//! The templates as AWS would read them: a test-side CloudFormation resolver (parameters,
//! conditions, `Ref`, `Fn::If`, `Fn::Sub`, `Fn::GetAtt`) and an IAM evaluator for the
//! role's trust policy, written from the AWS documentation rather than from the core, so
//! the two can disagree. Every matrix case is checked tailored and generic.

use std::collections::{BTreeMap, BTreeSet};

use ocelot_setup::core::setup::{CleanupPermission, LayerSharing, ProviderChoice, Setup, TrustScope};
use ocelot_setup::core::template::parameters::generic_values;
use ocelot_setup::core::template::Template;
use regex::Regex;
use serde_json::{Map, Value};

use crate::support::matrix;

/// The account the resolver pretends to deploy into.
pub const ACCOUNT: &str = "123456789012";
/// The condition key of the token's audience.
pub const AUD_KEY: &str = "token.actions.githubusercontent.com:aud";
/// The condition key of the token's subject.
pub const SUB_KEY: &str = "token.actions.githubusercontent.com:sub";
/// The audience GitHub's tokens carry for AWS.
pub const AUDIENCE: &str = "sts.amazonaws.com";

/// Parses a template, JSON or YAML, into a JSON value.
pub fn parse(text: &str) -> Value {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("template JSON does not parse: {e}\n{text}"))
    } else {
        serde_yaml::from_str(text).unwrap_or_else(|e| panic!("template YAML does not parse: {e}\n{text}"))
    }
}

/// The account's GitHub OIDC provider ARN in `partition`.
pub fn provider_arn(partition: &str, account: &str) -> String {
    format!("arn:{partition}:iam::{account}:oidc-provider/token.actions.githubusercontent.com")
}

/// A template with every intrinsic function worked out, as CloudFormation would deploy it.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// `aws`, `aws-cn` or `aws-us-gov`.
    pub partition: String,
    /// The region deployed to.
    pub region: String,
    /// The resources that exist (their `Condition` held), properties resolved.
    pub resources: Map<String, Value>,
    /// The outputs that exist, values resolved.
    pub outputs: Map<String, Value>,
}

impl Resolved {
    /// The one resource of type `kind`, if any; panics when there are several.
    pub fn single(&self, kind: &str) -> Option<&Value> {
        let found: Vec<&Value> = self.resources.values().filter(|r| r["Type"] == kind).collect();
        assert!(found.len() <= 1, "more than one {kind}");
        found.first().copied()
    }

    /// The role's resolved properties.
    pub fn role(&self) -> &Value {
        &self.single("AWS::IAM::Role").expect("the template has a role")["Properties"]
    }

    /// The role's trust policy.
    pub fn trust_policy(&self) -> &Value {
        &self.role()["AssumeRolePolicyDocument"]
    }

    /// Whether the role's trust policy lets `token` assume it.
    pub fn allows(&self, token: &Token) -> bool {
        allows(self.trust_policy(), token)
    }
}

/// Resolves `template` with `values` for its parameters (others take their defaults),
/// deployed in `region` of `partition`. Panics on anything CloudFormation would refuse:
/// a parameter without a value, a value its constraints reject, a failed rule, a
/// reference to a missing or conditional-off resource, an unknown intrinsic function.
pub fn resolve(template: &Value, values: &[(&str, String)], partition: &str, region: &str) -> Resolved {
    let mut r = Resolver {
        template,
        params: BTreeMap::new(),
        conditions: BTreeMap::new(),
        partition: partition.to_string(),
        region: region.to_string(),
    };
    r.bind_parameters(values);
    r.check_rules();
    let mut resources = Map::new();
    for (id, resource) in object(&template["Resources"], "Resources") {
        if !r.exists(id) {
            continue;
        }
        let mut out = Map::new();
        for (key, value) in object(resource, id) {
            match key.as_str() {
                "Condition" => {}
                "Properties" => {
                    out.insert(key.clone(), r.value(value).expect("properties are not AWS::NoValue"));
                }
                "Type" | "DeletionPolicy" | "UpdateReplacePolicy" => {
                    out.insert(key.clone(), value.clone());
                }
                other => panic!("resource {id}: the resolver does not know the attribute {other}"),
            }
        }
        resources.insert(id.clone(), Value::Object(out));
    }
    let mut outputs = Map::new();
    if let Some(section) = template.get("Outputs") {
        for (name, output) in object(section, "Outputs") {
            if let Some(c) = output.get("Condition") {
                if !r.condition(c.as_str().expect("an output's Condition is a name")) {
                    continue;
                }
            }
            let value = r.value(&output["Value"]).unwrap_or_else(|| panic!("output {name} is AWS::NoValue"));
            outputs.insert(name.clone(), value);
        }
    }
    Resolved { partition: partition.to_string(), region: region.to_string(), resources, outputs }
}

fn object<'a>(value: &'a Value, what: &str) -> &'a Map<String, Value> {
    value.as_object().unwrap_or_else(|| panic!("{what} is not a map: {value}"))
}

/// A parameter value or a literal as the string CloudFormation compares.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => panic!("{other} is not a scalar"),
    }
}

struct Resolver<'a> {
    template: &'a Value,
    params: BTreeMap<String, String>,
    conditions: BTreeMap<String, Option<bool>>,
    partition: String,
    region: String,
}

impl Resolver<'_> {
    fn bind_parameters(&mut self, values: &[(&str, String)]) {
        let empty = Map::new();
        let declared = self.template.get("Parameters").map_or(&empty, |p| object(p, "Parameters"));
        for (name, _) in values {
            assert!(declared.contains_key(*name), "value given for {name}, which the template does not declare");
        }
        for (name, spec) in declared {
            let value = match values.iter().find(|(n, _)| n == name) {
                Some((_, v)) => v.clone(),
                None => scalar(spec.get("Default").unwrap_or_else(|| panic!("parameter {name} has no value"))),
            };
            if let Err(why) = check_parameter(spec, &value) {
                panic!("CloudFormation would refuse {name}={value:?}: {why}");
            }
            self.params.insert(name.clone(), value);
        }
    }

    fn check_rules(&mut self) {
        let Some(rules) = self.template.get("Rules") else { return };
        for (name, rule) in object(rules, "Rules") {
            if rule.get("RuleCondition").is_some_and(|c| !self.truth(c)) {
                continue;
            }
            for assertion in rule["Assertions"].as_array().expect("Assertions is a list") {
                assert!(self.truth(&assertion["Assert"]), "rule {name} fails: {}", assertion["AssertDescription"]);
            }
        }
    }

    fn condition(&mut self, name: &str) -> bool {
        match self.conditions.get(name) {
            Some(Some(value)) => return *value,
            Some(None) => panic!("condition {name} depends on itself"),
            None => {}
        }
        self.conditions.insert(name.to_string(), None);
        let expr =
            self.template["Conditions"].get(name).unwrap_or_else(|| panic!("condition {name} is not declared")).clone();
        let value = self.truth(&expr);
        self.conditions.insert(name.to_string(), Some(value));
        value
    }

    fn truth(&mut self, expr: &Value) -> bool {
        let (function, args) = single_key(expr).unwrap_or_else(|| panic!("{expr} is not a condition function"));
        let list = || args.as_array().unwrap_or_else(|| panic!("{function} takes a list: {args}"));
        match function {
            "Fn::Equals" => {
                let [a, b] = list().as_slice() else { panic!("Fn::Equals takes two values: {args}") };
                let a = self.value(a).map(|v| scalar(&v));
                let b = self.value(b).map(|v| scalar(&v));
                a == b
            }
            "Fn::Not" => {
                let [a] = list().as_slice() else { panic!("Fn::Not takes one condition: {args}") };
                !self.truth(a)
            }
            "Fn::And" | "Fn::Or" => {
                let items = list();
                assert!((2..=10).contains(&items.len()), "{function} takes 2 to 10 conditions: {args}");
                let values: Vec<bool> = items.iter().map(|c| self.truth(c)).collect();
                if function == "Fn::And" {
                    values.iter().all(|v| *v)
                } else {
                    values.iter().any(|v| *v)
                }
            }
            "Condition" => self.condition(args.as_str().expect("Condition names a condition")),
            other => panic!("the resolver does not know the condition function {other}"),
        }
    }

    fn exists(&mut self, resource: &str) -> bool {
        let Some(spec) = self.template["Resources"].get(resource) else { return false };
        match spec.get("Condition") {
            Some(c) => self.condition(c.as_str().expect("a resource's Condition is a name")),
            None => true,
        }
    }

    /// The value with intrinsics resolved; `None` for `AWS::NoValue`.
    fn value(&mut self, value: &Value) -> Option<Value> {
        match value {
            Value::Array(items) => Some(Value::Array(items.iter().filter_map(|i| self.value(i)).collect())),
            Value::Object(map) => {
                if let Some((function, args)) = single_key(value).filter(|(k, _)| *k == "Ref" || k.starts_with("Fn::"))
                {
                    return self.intrinsic(function, args);
                }
                let mut out = Map::new();
                for (key, item) in map {
                    if let Some(v) = self.value(item) {
                        out.insert(key.clone(), v);
                    }
                }
                Some(Value::Object(out))
            }
            scalar => Some(scalar.clone()),
        }
    }

    fn intrinsic(&mut self, function: &str, args: &Value) -> Option<Value> {
        match function {
            "Ref" => self.reference(args.as_str().expect("Ref names something")),
            "Fn::If" => {
                let [c, then, otherwise] = args.as_array().map(Vec::as_slice).unwrap_or_default() else {
                    panic!("Fn::If takes a condition and two values: {args}")
                };
                let holds = self.condition(c.as_str().expect("Fn::If names a condition"));
                self.value(if holds { then } else { otherwise })
            }
            "Fn::Sub" => {
                let (text, vars) = match args {
                    Value::String(s) => (s.as_str(), Map::new()),
                    Value::Array(a) if a.len() == 2 => (
                        a[0].as_str().expect("Fn::Sub's first item is a string"),
                        object(&a[1], "Fn::Sub variables").clone(),
                    ),
                    other => panic!("Fn::Sub takes a string or [string, map]: {other}"),
                };
                Some(Value::String(self.substitute(text, &vars)))
            }
            "Fn::GetAtt" => {
                let (resource, attribute) = match args {
                    Value::Array(a) if a.len() == 2 => {
                        (a[0].as_str().expect("resource").to_string(), a[1].as_str().expect("attribute").to_string())
                    }
                    Value::String(s) => {
                        let (r, a) = s.split_once('.').expect("Fn::GetAtt string is Resource.Attribute");
                        (r.to_string(), a.to_string())
                    }
                    other => panic!("Fn::GetAtt takes [resource, attribute]: {other}"),
                };
                Some(Value::String(self.attribute(&resource, &attribute)))
            }
            other => panic!("the resolver does not know the intrinsic function {other}"),
        }
    }

    fn reference(&mut self, name: &str) -> Option<Value> {
        let text = match name {
            "AWS::NoValue" => return None,
            "AWS::Partition" => self.partition.clone(),
            "AWS::AccountId" => ACCOUNT.to_string(),
            "AWS::Region" => self.region.clone(),
            "AWS::URLSuffix" => {
                if self.partition == "aws-cn" { "amazonaws.com.cn" } else { "amazonaws.com" }.to_string()
            }
            "AWS::StackName" => "test-stack".to_string(),
            _ if self.params.contains_key(name) => self.params[name].clone(),
            _ => self.resource_ref(name),
        };
        Some(Value::String(text))
    }

    fn resource_property(&mut self, resource: &str, property: &str) -> String {
        let spec = self.template["Resources"][resource]["Properties"][property].clone();
        scalar(&self.value(&spec).unwrap_or_else(|| panic!("{resource}.{property} is AWS::NoValue")))
    }

    fn resource_kind(&mut self, resource: &str) -> String {
        assert!(
            self.exists(resource),
            "{resource} is referenced but does not exist (missing, or its condition is false)"
        );
        scalar(&self.template["Resources"][resource]["Type"])
    }

    fn resource_ref(&mut self, resource: &str) -> String {
        match self.resource_kind(resource).as_str() {
            "AWS::IAM::OIDCProvider" => {
                let url = self.resource_property(resource, "Url");
                let host = url.strip_prefix("https://").expect("the provider URL is https");
                format!("arn:{}:iam::{ACCOUNT}:oidc-provider/{host}", self.partition)
            }
            "AWS::IAM::Role" => self.resource_property(resource, "RoleName"),
            "AWS::DynamoDB::Table" => self.resource_property(resource, "TableName"),
            other => panic!("the resolver does not know what Ref of a {other} gives"),
        }
    }

    fn attribute(&mut self, resource: &str, attribute: &str) -> String {
        let kind = self.resource_kind(resource);
        let (p, region) = (self.partition.clone(), self.region.clone());
        match (kind.as_str(), attribute) {
            ("AWS::IAM::Role", "Arn") => {
                let role = self.resource_property(resource, "RoleName");
                format!("arn:{p}:iam::{ACCOUNT}:role/{role}")
            }
            ("AWS::DynamoDB::Table", "Arn") => {
                let table = self.resource_property(resource, "TableName");
                format!("arn:{p}:dynamodb:{region}:{ACCOUNT}:table/{table}")
            }
            ("AWS::IAM::OIDCProvider", "Arn") => self.resource_ref(resource),
            (kind, attribute) => panic!("the resolver does not know {kind}.{attribute}"),
        }
    }

    fn substitute(&mut self, text: &str, vars: &Map<String, Value>) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after.find('}').unwrap_or_else(|| panic!("unclosed ${{ in Fn::Sub {text:?}"));
            let name = &after[..end];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
            } else if let Some(v) = vars.get(name) {
                out.push_str(&scalar(&self.value(v).expect("a Sub variable has a value")));
            } else if let Some((resource, attribute)) = name.split_once('.').filter(|_| !name.starts_with("AWS::")) {
                out.push_str(&self.attribute(resource, attribute));
            } else {
                let v = self.reference(name).unwrap_or_else(|| panic!("${{{name}}} is AWS::NoValue in Fn::Sub"));
                out.push_str(&scalar(&v));
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }
}

fn single_key(value: &Value) -> Option<(&str, &Value)> {
    let map = value.as_object()?;
    let mut entries = map.iter();
    match (entries.next(), entries.next()) {
        (Some((k, v)), None) => Some((k.as_str(), v)),
        _ => None,
    }
}

/// CloudFormation's parameter constraints: type, pattern (whole value), lengths,
/// allowed values, number range.
fn check_parameter(spec: &Value, value: &str) -> Result<(), String> {
    let kind = spec["Type"].as_str().unwrap_or("String");
    match kind {
        "String" => {}
        "Number" => {
            let n: f64 = value.parse().map_err(|_| "not a number".to_string())?;
            if spec.get("MinValue").is_some_and(|m| n < m.as_f64().expect("MinValue is a number")) {
                return Err("below MinValue".into());
            }
            if spec.get("MaxValue").is_some_and(|m| n > m.as_f64().expect("MaxValue is a number")) {
                return Err("above MaxValue".into());
            }
        }
        other => return Err(format!("the resolver does not know parameter type {other}")),
    }
    let len = value.chars().count() as u64;
    if spec.get("MaxLength").is_some_and(|m| len > m.as_u64().expect("MaxLength is a number")) {
        return Err("longer than MaxLength".into());
    }
    if spec.get("MinLength").is_some_and(|m| len < m.as_u64().expect("MinLength is a number")) {
        return Err("shorter than MinLength".into());
    }
    if let Some(allowed) = spec.get("AllowedValues") {
        if !allowed.as_array().expect("AllowedValues is a list").iter().any(|a| scalar(a) == value) {
            return Err("not one of AllowedValues".into());
        }
    }
    if let Some(pattern) = spec.get("AllowedPattern") {
        let pattern = pattern.as_str().expect("AllowedPattern is a string");
        let regex = Regex::new(&format!("^(?:{pattern})$")).map_err(|e| format!("AllowedPattern is no regex: {e}"))?;
        if !regex.is_match(value) {
            return Err(format!("does not match AllowedPattern {pattern}"));
        }
    }
    Ok(())
}

/// What a GitHub Actions OIDC token presents to `sts:AssumeRoleWithWebIdentity`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The `aud` claim.
    pub aud: String,
    /// The `sub` claim.
    pub sub: String,
    /// The ARN of the IAM OIDC provider that vouches for the token.
    pub federated: String,
}

impl Token {
    /// A token of the right audience from the account's provider in `partition`.
    pub fn new(sub: impl Into<String>, partition: &str) -> Token {
        Token { aud: AUDIENCE.to_string(), sub: sub.into(), federated: provider_arn(partition, ACCOUNT) }
    }
}

fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().map(|i| i.as_str().expect("a list of strings")).collect(),
        other => panic!("{other} is not a string or a list of strings"),
    }
}

/// IAM's wildcard match: `*` any run of characters, `?` exactly one; nothing else special.
pub fn glob(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let fold = |s: &str| -> Vec<char> {
        if ignore_case {
            s.to_lowercase().chars().collect()
        } else {
            s.chars().collect()
        }
    };
    let (p, t) = (fold(pattern), fold(text));
    // matches[j]: whether p[..i] matches t[..j], row by row over i.
    let mut matches = vec![false; t.len() + 1];
    matches[0] = true;
    for pc in &p {
        let mut next = vec![false; t.len() + 1];
        for j in 0..=t.len() {
            next[j] = match pc {
                '*' => matches[j] || (j > 0 && next[j - 1]),
                '?' => j > 0 && matches[j - 1],
                c => j > 0 && matches[j - 1] && t[j - 1] == *c,
            };
        }
        matches = next;
    }
    matches[t.len()]
}

/// Whether `policy`, a trust policy, lets `token` assume the role: some Allow statement
/// matches and no Deny statement does.
pub fn allows(policy: &Value, token: &Token) -> bool {
    let statements = match &policy["Statement"] {
        Value::Array(items) => items.iter().collect::<Vec<_>>(),
        one @ Value::Object(_) => vec![one],
        other => panic!("Statement is {other}"),
    };
    let matching = |effect: &str| statements.iter().any(|s| s["Effect"] == effect && statement_matches(s, token));
    !matching("Deny") && matching("Allow")
}

fn statement_matches(statement: &Value, token: &Token) -> bool {
    for key in object(statement, "a statement").keys() {
        assert!(
            ["Sid", "Effect", "Principal", "Action", "Condition"].contains(&key.as_str()),
            "the evaluator does not know the statement element {key}"
        );
    }
    let action = statement
        .get("Action")
        .is_some_and(|a| strings(a).iter().any(|a| glob(a, "sts:AssumeRoleWithWebIdentity", true)));
    let principal = match statement.get("Principal").and_then(Value::as_object) {
        Some(p) if p.len() == 1 => p.get("Federated").is_some_and(|f| strings(f).contains(&token.federated.as_str())),
        _ => false,
    };
    let condition = statement.get("Condition").is_none_or(|c| condition_holds(c, token));
    action && principal && condition
}

fn condition_holds(condition: &Value, token: &Token) -> bool {
    object(condition, "Condition").iter().all(|(operator, block)| {
        let test: fn(&str, &str) -> bool = match operator.as_str() {
            "StringEquals" => |expected, actual| expected == actual,
            "StringLike" => |pattern, actual| glob(pattern, actual, false),
            _ => return false,
        };
        object(block, operator).iter().all(|(key, values)| {
            let actual = match key.to_ascii_lowercase().as_str() {
                AUD_KEY => &token.aud,
                SUB_KEY => &token.sub,
                _ => return false,
            };
            strings(values).iter().any(|v| test(v, actual))
        })
    })
}

/// The tailored template of `setup`, resolved with its defaults.
pub fn resolve_tailored(setup: &Setup, text: &str) -> Resolved {
    resolve(&parse(text), &[], setup.region.partition().as_str(), setup.region.code())
}

/// The generic template resolved with the values a quick-create link for `setup` carries.
pub fn resolve_generic(setup: &Setup, text: &str) -> Resolved {
    resolve(&parse(text), &generic_values(setup), setup.region.partition().as_str(), setup.region.code())
}

/// A subject suffix (after `repo:OWNER/REPO:`) that `scope` trusts.
pub fn in_scope_suffix(scope: &TrustScope) -> String {
    match scope {
        TrustScope::AnyRef => "ref:refs/heads/main".to_string(),
        TrustScope::Branch(branch) => format!("ref:refs/heads/{branch}"),
        TrustScope::Environment(env) => format!("environment:{}", env.in_subject()),
    }
}

fn swap_case(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_uppercase() { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() }).collect()
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// Suffixes the scope trusts, and suffixes it must not.
fn scope_suffixes(scope: &TrustScope) -> (Vec<String>, Vec<String>) {
    let mut denied = vec!["pull_request".to_string()];
    let allowed = match scope {
        TrustScope::AnyRef => {
            denied.extend(["environment:production".into(), "environment:main".into(), "environment:*".into()]);
            vec!["ref:refs/heads/main".into(), "ref:refs/heads/feature/x-1".into(), "ref:refs/tags/v1.2.3".into()]
        }
        TrustScope::Branch(branch) => {
            let other = if branch.as_str() == "main" { "develop" } else { "main" };
            denied.extend([
                format!("ref:refs/heads/{other}"),
                format!("ref:refs/heads/{branch}-x"),
                format!("ref:refs/heads/{branch}/x"),
                format!("ref:refs/heads/x{branch}"),
                format!("ref:refs/tags/{branch}"),
                format!("environment:{branch}"),
                "ref:refs/heads/*".into(),
                "ref:*".into(),
            ]);
            if swap_case(branch.as_str()) != branch.as_str() {
                denied.push(format!("ref:refs/heads/{}", swap_case(branch.as_str())));
            }
            vec![format!("ref:refs/heads/{branch}")]
        }
        TrustScope::Environment(env) => {
            let subject = env.in_subject();
            denied.extend([
                "ref:refs/heads/main".into(),
                format!("environment:{subject}x"),
                format!("environment:{subject}-staging"),
                "environment:other".into(),
                "environment:*".into(),
                "ref:*".into(),
            ]);
            if env.as_str() != subject {
                denied.push(format!("environment:{env}"));
            }
            if swap_case(&subject) != subject {
                denied.push(format!("environment:{}", swap_case(&subject)));
            }
            vec![format!("environment:{subject}")]
        }
    };
    (allowed, denied)
}

/// Every token the checks present, with the verdict the role must give.
fn tokens(setup: &Setup) -> Vec<(Token, bool, String)> {
    let partition = setup.region.partition().as_str();
    let (owner, repo) = (setup.fork.owner.as_str(), setup.fork.repo.as_str());
    let by_name = format!("{owner}/{repo}");
    let (allowed, denied) = scope_suffixes(&setup.scope);
    let mut out = Vec::new();
    let mut push = |sub: String, aud: &str, federated: String, verdict: bool, why: &str| {
        out.push((Token { aud: aud.to_string(), sub, federated }, verdict, why.to_string()));
    };
    let own = provider_arn(partition, ACCOUNT);
    let sample_ids = (583231u64, 1296269u64);
    for suffix in &allowed {
        push(format!("repo:{by_name}:{suffix}"), AUDIENCE, own.clone(), true, "the fork, name form, in scope");
        match setup.ids {
            Some(ids) => {
                let (o, r) = (ids.owner_id, ids.repo_id);
                push(format!("repo:{owner}@{o}/{repo}@{r}:{suffix}"), AUDIENCE, own.clone(), true, "id form");
                for (sub, why) in [
                    (format!("repo:{owner}@{}/{repo}@{r}:{suffix}", o + 1), "wrong owner id"),
                    (format!("repo:{owner}@{o}/{repo}@{}:{suffix}", r + 1), "wrong repo id"),
                    (format!("repo:{owner}@{r}/{repo}@{o}:{suffix}"), "ids swapped"),
                    (format!("repo:{owner}/{repo}@{r}:{suffix}"), "owner id missing"),
                    (format!("repo:{owner}@{o}/{repo}:{suffix}"), "repo id missing"),
                    (format!("repo:{owner}-x@{o}/{repo}@{r}:{suffix}"), "look-alike owner, right ids"),
                    (format!("repo:{owner}@{o}/{repo}-x@{r}:{suffix}"), "look-alike repo, right ids"),
                ] {
                    push(sub, AUDIENCE, own.clone(), false, why);
                }
            }
            None => {
                let (o, r) = sample_ids;
                push(
                    format!("repo:{owner}@{o}/{repo}@{r}:{suffix}"),
                    AUDIENCE,
                    own.clone(),
                    false,
                    "id form, ids unknown",
                );
            }
        }
        let mut look_alikes = vec![
            (format!("{owner}/{repo}-x"), "repo with a suffix"),
            (format!("{owner}-x/{repo}"), "owner with a suffix"),
            (format!("{owner}/{repo}x"), "repo with a letter more"),
            (format!("x{owner}/{repo}"), "owner with a prefix"),
            (format!("{owner}/x{repo}"), "repo with a prefix"),
            ("someone-else/ocelot".to_string(), "another repository"),
            ("dev7a/ocelot".to_string(), "upstream"),
            (format!("{owner}/{repo}/x"), "a path below the repo"),
        ];
        for variant in [swap_case(owner), capitalize(owner)] {
            if variant != owner {
                look_alikes.push((format!("{variant}/{repo}"), "owner in other letter case"));
            }
        }
        for variant in [swap_case(repo), capitalize(repo)] {
            if variant != repo {
                look_alikes.push((format!("{owner}/{variant}"), "repo in other letter case"));
            }
        }
        for (fork, why) in look_alikes {
            push(format!("repo:{fork}:{suffix}"), AUDIENCE, own.clone(), false, why);
        }
        push(format!("Repo:{by_name}:{suffix}"), AUDIENCE, own.clone(), false, "prefix in other case");
        if setup.scope != TrustScope::AnyRef {
            push(format!("repo:{by_name}:{suffix}:x"), AUDIENCE, own.clone(), false, "extra segment");
        }
        let sub = format!("repo:{by_name}:{suffix}");
        for aud in ["", "STS.amazonaws.com", "sts.amazonaws.com ", "sts.amazonaws.com.cn", "sigstore"] {
            push(sub.clone(), aud, own.clone(), false, "wrong audience");
        }
        push(sub.clone(), &format!("https://github.com/{owner}"), own.clone(), false, "wrong audience");
        for other in ["aws", "aws-cn", "aws-us-gov"].into_iter().filter(|p| *p != partition) {
            push(sub.clone(), AUDIENCE, provider_arn(other, ACCOUNT), false, "provider in another partition");
        }
        push(sub.clone(), AUDIENCE, provider_arn(partition, "210987654321"), false, "provider in another account");
        push(
            sub.clone(),
            AUDIENCE,
            format!("arn:{partition}:iam::{ACCOUNT}:oidc-provider/gitlab.com"),
            false,
            "another provider",
        );
    }
    let id_forms = setup.ids.map(|i| (i.owner_id, i.repo_id));
    for suffix in &denied {
        push(format!("repo:{by_name}:{suffix}"), AUDIENCE, own.clone(), false, "out of scope");
        if let Some((o, r)) = id_forms {
            push(
                format!("repo:{owner}@{o}/{repo}@{r}:{suffix}"),
                AUDIENCE,
                own.clone(),
                false,
                "out of scope, id form",
            );
        }
    }
    out
}

fn verdicts(resolved: &Resolved, tokens: &[(Token, bool, String)]) -> Vec<bool> {
    tokens.iter().map(|(t, _, _)| resolved.allows(t)).collect()
}

fn check_trust(name: &str, setup: &Setup, resolved: &Resolved) {
    for (token, expected, why) in tokens(setup) {
        assert_eq!(
            resolved.allows(&token),
            expected,
            "{name}: {why}: token {token:?} should be {}\npolicy: {:#}",
            if expected { "allowed" } else { "denied" },
            resolved.trust_policy()
        );
    }
    let trust = resolved.trust_policy();
    let statements = trust["Statement"].as_array().expect("a statement list");
    assert_eq!(statements.len(), 1, "{name}: one trust statement");
    let principal = &statements[0]["Principal"]["Federated"];
    assert_eq!(principal, &Value::String(provider_arn(&resolved.partition, ACCOUNT)), "{name}: trusted provider");
}

type StatementShape = (Vec<String>, Vec<String>);

/// The statements DOMAIN.md lists for `setup`, each as (actions, resources), sorted.
fn expected_statements(setup: &Setup) -> Vec<StatementShape> {
    let p = setup.region.partition().as_str();
    let prefix = setup.layer_prefix.as_str();
    let layer = format!("arn:{p}:lambda:*:{ACCOUNT}:layer:{prefix}-*");
    let version = format!("{layer}:*");
    let table = format!("arn:{p}:dynamodb:{}:{ACCOUNT}:table/{}", setup.region.code(), setup.table);
    let indexes = format!("{table}/index/*");
    let mut out: Vec<(Vec<&str>, Vec<String>)> = vec![
        (vec!["lambda:ListLayerVersions", "lambda:PublishLayerVersion"], vec![layer.clone()]),
        (vec!["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan"], vec![table.clone()]),
        (vec!["dynamodb:Query"], vec![indexes]),
    ];
    if setup.permissions.sharing == LayerSharing::Public {
        out.push((vec!["lambda:GetLayerVersionPolicy", "lambda:AddLayerVersionPermission"], vec![version.clone()]));
    }
    if setup.permissions.cleanup == CleanupPermission::Allowed {
        out.push((vec!["lambda:ListLayers"], vec!["*".to_string()]));
        out.push((vec!["lambda:DeleteLayerVersion"], vec![version]));
        out.push((vec!["dynamodb:DeleteItem"], vec![table]));
    }
    let mut shapes: Vec<StatementShape> = out
        .into_iter()
        .map(|(actions, resources)| {
            let mut actions: Vec<String> = actions.into_iter().map(String::from).collect();
            actions.sort();
            (actions, resources)
        })
        .collect();
    shapes.sort();
    shapes
}

fn check_permissions(name: &str, setup: &Setup, resolved: &Resolved) {
    let policies = resolved.role()["Policies"].as_array().expect("Policies is a list");
    assert_eq!(policies.len(), 1, "{name}: one inline policy");
    let statements = policies[0]["PolicyDocument"]["Statement"].as_array().expect("a statement list");
    let mut shapes = Vec::new();
    for s in statements {
        let keys: BTreeSet<&str> = object(s, "statement").keys().map(String::as_str).collect();
        assert_eq!(keys, BTreeSet::from(["Sid", "Effect", "Action", "Resource"]), "{name}: statement {s}");
        assert_eq!(s["Effect"], "Allow", "{name}: {s}");
        let mut actions: Vec<String> = strings(&s["Action"]).into_iter().map(String::from).collect();
        actions.sort();
        let resources: Vec<String> = strings(&s["Resource"]).into_iter().map(String::from).collect();
        for action in &actions {
            assert!(!action.contains('*') && !action.contains('?'), "{name}: wildcard action {action}");
        }
        if resources.iter().any(|r| r == "*") {
            assert_eq!(actions, ["lambda:ListLayers"], "{name}: only ListLayers may have resource *");
            assert_eq!(setup.permissions.cleanup, CleanupPermission::Allowed, "{name}: ListLayers only with cleanup");
        }
        shapes.push((actions, resources));
    }
    shapes.sort();
    assert_eq!(shapes, expected_statements(setup), "{name}: permissions");
}

fn check_arns(name: &str, resolved: &Resolved) {
    fn walk(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::String(s) => found.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|i| walk(i, found)),
            Value::Object(map) => {
                for (k, v) in map {
                    found.push(k.clone());
                    walk(v, found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(&Value::Object(resolved.resources.clone()), &mut found);
    walk(&Value::Object(resolved.outputs.clone()), &mut found);
    let partition = format!("arn:{}:", resolved.partition);
    for s in found {
        assert!(!s.contains("${"), "{name}: unresolved placeholder in {s:?}");
        assert!(!s.starts_with("Fn::") && s != "Ref", "{name}: unresolved intrinsic {s:?}");
        if s.starts_with("arn:") {
            assert!(s.starts_with(&partition), "{name}: ARN {s} is not in partition {}", resolved.partition);
        }
    }
}

fn check_resources(name: &str, setup: &Setup, resolved: &Resolved) {
    let table = resolved.single("AWS::DynamoDB::Table").unwrap_or_else(|| panic!("{name}: no table"));
    assert_eq!(table["DeletionPolicy"], "Retain", "{name}");
    assert_eq!(table["UpdateReplacePolicy"], "Retain", "{name}");
    let t = &table["Properties"];
    assert_eq!(t["TableName"], setup.table.as_str(), "{name}");
    assert_eq!(t["BillingMode"], "PAY_PER_REQUEST", "{name}");
    assert_eq!(t["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"], true, "{name}");
    let expected = serde_json::json!({
        "KeySchema": [{"AttributeName": "layer_arn", "KeyType": "HASH"}],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": "distribution-index",
                "KeySchema": [
                    {"AttributeName": "distribution", "KeyType": "HASH"},
                    {"AttributeName": "layer_arn", "KeyType": "RANGE"}
                ],
                "Projection": {"ProjectionType": "ALL"}
            },
            {
                "IndexName": "base-layer-index",
                "KeySchema": [
                    {"AttributeName": "base_layer_arn", "KeyType": "HASH"},
                    {"AttributeName": "version", "KeyType": "RANGE"}
                ],
                "Projection": {"ProjectionType": "ALL"}
            }
        ]
    });
    assert_eq!(t["KeySchema"], expected["KeySchema"], "{name}: key schema");
    assert_eq!(t["GlobalSecondaryIndexes"], expected["GlobalSecondaryIndexes"], "{name}: indexes");
    let attributes: BTreeSet<(String, String)> = t["AttributeDefinitions"]
        .as_array()
        .expect("AttributeDefinitions is a list")
        .iter()
        .map(|a| (scalar(&a["AttributeName"]), scalar(&a["AttributeType"])))
        .collect();
    let expected_attributes: BTreeSet<(String, String)> =
        [("layer_arn", "S"), ("distribution", "S"), ("base_layer_arn", "S"), ("version", "N")]
            .into_iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
    assert_eq!(attributes, expected_attributes, "{name}: attribute definitions");
    assert_eq!(t["AttributeDefinitions"].as_array().map(Vec::len), Some(4), "{name}: no duplicate attributes");

    let provider = resolved.single("AWS::IAM::OIDCProvider");
    match setup.provider {
        ProviderChoice::Create => {
            let p = &provider.unwrap_or_else(|| panic!("{name}: the provider is created"))["Properties"];
            assert_eq!(p["Url"], "https://token.actions.githubusercontent.com", "{name}");
            assert_eq!(p["ClientIdList"], serde_json::json!([AUDIENCE]), "{name}");
            assert_eq!(
                p["ThumbprintList"],
                serde_json::json!([
                    "6938fd4d98bab03faadb97b34396831e3780aea1",
                    "1c58a3a8518e8759bf075b76b750d4f2df264fcd"
                ]),
                "{name}"
            );
        }
        ProviderChoice::Reuse => assert!(provider.is_none(), "{name}: reuse creates no provider"),
    }
    assert_eq!(resolved.resources.len(), 2 + usize::from(setup.provider == ProviderChoice::Create), "{name}");

    let role = resolved.role();
    assert_eq!(role["RoleName"], setup.role_name.as_str(), "{name}");
    assert_eq!(scalar(&role["MaxSessionDuration"]), setup.max_session.seconds().to_string(), "{name}");

    let p = setup.region.partition().as_str();
    let outputs: Vec<&str> = resolved.outputs.keys().map(String::as_str).collect();
    assert_eq!(outputs, ["PublisherRoleArn", "LayerTableName", "OidcProviderArn"], "{name}");
    assert_eq!(resolved.outputs["PublisherRoleArn"], format!("arn:{p}:iam::{ACCOUNT}:role/{}", setup.role_name));
    assert_eq!(resolved.outputs["LayerTableName"], setup.table.as_str());
    assert_eq!(resolved.outputs["OidcProviderArn"], provider_arn(p, ACCOUNT));
}

#[test]
fn every_case_trusts_exactly_the_fork_in_scope() {
    let generic = Template::generic();
    let (generic_yaml, generic_json) = (generic.to_yaml(), generic.to_json());
    let mut checked = 0;
    for case in matrix() {
        let setup = case.setup();
        let template = Template::tailored(&setup);
        let tokens = tokens(&setup);
        let tailored = resolve_tailored(&setup, &template.to_yaml());
        assert_eq!(
            tailored,
            resolve_tailored(&setup, &template.to_json()),
            "{}: YAML and JSON resolve alike",
            case.name
        );
        let from_generic = resolve_generic(&setup, &generic_yaml);
        assert_eq!(from_generic, resolve_generic(&setup, &generic_json), "{}: generic YAML and JSON", case.name);
        for (kind, resolved) in [("tailored", &tailored), ("generic", &from_generic)] {
            let name = format!("{} ({kind})", case.name);
            check_trust(&name, &setup, resolved);
            check_permissions(&name, &setup, resolved);
            check_arns(&name, resolved);
            check_resources(&name, &setup, resolved);
        }
        assert_eq!(verdicts(&tailored, &tokens), verdicts(&from_generic, &tokens), "{}: same verdicts", case.name);
        assert_eq!(tailored.resources, from_generic.resources, "{}: same resolved resources", case.name);
        assert_eq!(tailored.outputs, from_generic.outputs, "{}: same resolved outputs", case.name);
        checked += tokens.len();
    }
    assert!(checked > 500, "only {checked} tokens checked");
}

#[test]
fn pull_requests_are_never_trusted() {
    for case in matrix() {
        let setup = case.setup();
        let resolved = resolve_tailored(&setup, &Template::tailored(&setup).to_yaml());
        let p = setup.region.partition().as_str();
        let mut subs = vec![format!("repo:{}:pull_request", setup.fork)];
        if let Some(ids) = setup.ids {
            subs.push(format!(
                "repo:{}@{}/{}@{}:pull_request",
                setup.fork.owner, ids.owner_id, setup.fork.repo, ids.repo_id
            ));
        }
        for sub in subs {
            assert!(!resolved.allows(&Token::new(sub.clone(), p)), "{}: {sub}", case.name);
        }
    }
}

#[test]
fn the_evaluator_denies_what_it_does_not_know() {
    let sub = "repo:o/r:ref:refs/heads/main";
    let token = Token::new(sub, "aws");
    let policy = |condition: Value| {
        serde_json::json!({"Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": provider_arn("aws", ACCOUNT)},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": condition,
        }]})
    };
    let good = serde_json::json!({"StringEquals": {AUD_KEY: AUDIENCE, SUB_KEY: sub}});
    assert!(allows(&policy(good), &token));
    for condition in [
        serde_json::json!({"StringEqualsIgnoreCase": {SUB_KEY: sub}}),
        serde_json::json!({"StringEquals": {AUD_KEY: AUDIENCE}, "ForAnyValue:StringLike": {SUB_KEY: "*"}}),
        serde_json::json!({"StringEquals": {AUD_KEY: AUDIENCE, "token.actions.githubusercontent.com:repository": "o/r"}}),
        serde_json::json!({"StringLike": {SUB_KEY: "repo:O/R:*"}}),
        serde_json::json!({"StringEquals": {SUB_KEY: []}}),
    ] {
        assert!(!allows(&policy(condition.clone()), &token), "{condition}");
    }
    assert!(glob("repo:o/r:ref:*", sub, false));
    assert!(glob("repo:o/?:ref:*", sub, false));
    assert!(!glob("repo:o/??:ref:*", sub, false));
    assert!(!glob("repo:o/r:ref:", sub, false));
}

/// A named change to a trust policy's `Condition`.
type Mutation = (&'static str, fn(&mut Value));

/// The token checks catch a weakened trust policy: each mutation lets some token through
/// that must be refused (or refuses one that must pass).
#[test]
fn the_checks_catch_weakened_trust() {
    for case in matrix().iter().filter(|c| ["default", "branch-ids", "environment-colon-ids"].contains(&c.name)) {
        let setup = case.setup();
        let base = resolve_tailored(&setup, &Template::tailored(&setup).to_yaml());
        let tokens = tokens(&setup);
        let role_id = base.resources.iter().find(|(_, r)| r["Type"] == "AWS::IAM::Role").map(|(id, _)| id.clone());
        let role_id = role_id.expect("a role");
        let mutations: [Mutation; 6] = [
            ("no sub condition", |c| {
                for block in c.as_object_mut().expect("a map").values_mut() {
                    block.as_object_mut().expect("a map").remove(SUB_KEY);
                }
            }),
            ("no audience condition", |c| {
                for block in c.as_object_mut().expect("a map").values_mut() {
                    block.as_object_mut().expect("a map").remove(AUD_KEY);
                }
            }),
            ("owner-wide pattern", |c| {
                c["StringLike"] = serde_json::json!({SUB_KEY: "repo:octo-cat/*"});
                c.as_object_mut().expect("a map").remove("StringEquals");
                c["StringEquals"] = serde_json::json!({AUD_KEY: AUDIENCE});
            }),
            ("any subject of the repo", |c| {
                c.as_object_mut()
                    .expect("a map")
                    .insert("StringLike".into(), serde_json::json!({SUB_KEY: "repo:octo-cat/ocelot:*"}));
                c["StringEquals"].as_object_mut().expect("a map").remove(SUB_KEY);
            }),
            ("case-insensitive operator", |c| {
                let map = c.as_object_mut().expect("a map");
                let (op, block) = map
                    .iter()
                    .find(|(_, b)| b.get(SUB_KEY).is_some())
                    .map(|(k, b)| (k.clone(), b.clone()))
                    .expect("a sub");
                map.remove(&op);
                map.insert("StringEqualsIgnoreCase".into(), block);
            }),
            ("name form only", |c| {
                for block in c.as_object_mut().expect("a map").values_mut() {
                    if let Some(Value::Array(subs)) = block.get_mut(SUB_KEY) {
                        subs.truncate(1);
                    }
                }
            }),
        ];
        for (what, mutate) in mutations {
            if what == "name form only" && setup.ids.is_none() {
                continue;
            }
            let mut mutated = base.clone();
            let statement = &mut mutated.resources[&role_id]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0];
            mutate(&mut statement["Condition"]);
            let caught = tokens.iter().any(|(token, expected, _)| mutated.allows(token) != *expected);
            assert!(caught, "{}: the checks miss the mutation {what}", case.name);
        }
    }
}
