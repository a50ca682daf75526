//! The failures the diagnosis knows, one entry each: its id, the message text it matches
//! (from the source that emits it), that source, a sample, and the answer for a setup. The
//! first entry that matches a line wins, so narrower messages come before wider ones.

use super::answer::{Answer, Ctx};
use super::{access, check, credentials, dispatch, stack, Found};
use crate::core::checks::check_workflow::{TITLE_ROLE, TITLE_SECRETS, TITLE_SUBJECT, TITLE_TABLE, TITLE_TOKEN};
use crate::core::setup::choices::choice;

choice! {
    /// Which failure a finding is; its string form is stable for scripts and the UI.
    pub enum FailureId ("failure id") {
        /// The check workflow: the job got no OIDC token.
        #[default]
        CheckToken => "check-token",
        /// The check workflow: the token's subject is not one the role trusts.
        CheckSubject => "check-subject",
        /// The check workflow: a secret or variable is missing or wrong.
        CheckSecret => "check-secret",
        /// The check workflow: AWS refused the role.
        CheckRole => "check-role",
        /// The check workflow: the table is not there or denied.
        CheckTable => "check-table",
        /// STS: no OIDC provider for GitHub in the account.
        NoOidcProvider => "no-oidc-provider",
        /// STS: the token's audience is not the provider's client id.
        WrongAudience => "wrong-audience",
        /// STS: the provider rejected a claim of the token.
        IdpRejectedClaim => "idp-rejected-claim",
        /// STS: GitHub's OIDC endpoint did not answer.
        IdpUnreachable => "idp-unreachable",
        /// STS: the OIDC token had expired.
        WebTokenExpired => "web-token-expired",
        /// `Not authorized to perform sts:AssumeRoleWithWebIdentity`.
        AssumeRoleDenied => "assume-role-denied",
        /// The session asked for is longer than the role's maximum.
        SessionTooLong => "session-too-long",
        /// STS is not active in the region.
        RegionDisabled => "region-disabled",
        /// The session's credentials expired during the job.
        SessionExpired => "session-expired",
        /// The job may not ask for an OIDC token.
        NoIdToken => "no-id-token",
        /// No credentials at all.
        NoCredentials => "no-credentials",
        /// The role secret holds a name, not an ARN.
        RoleNotArn => "role-not-arn",
        /// The action's `aws-region` is empty or not a region.
        RegionInvalid => "region-invalid",
        /// The credentials belong to an account the action does not allow.
        AccountNotAllowed => "account-not-allowed",
        /// The action's own timeout.
        ActionTimeout => "action-timeout",
        /// Another invalid input of the action.
        ActionInput => "action-input",
        /// AWS throttled the calls.
        Throttled => "throttled",
        /// The stack's first creation failed and was rolled back.
        StackRollbackComplete => "stack-rollback-complete",
        /// The stack is busy with another operation.
        StackBusy => "stack-busy",
        /// The stack is in a state that cannot be updated.
        StackState => "stack-state",
        /// The stack already matches the template.
        NoUpdates => "no-updates",
        /// GitHub's OIDC provider already exists in the account.
        ProviderExists => "provider-exists",
        /// A role of that name already exists.
        RoleExists => "role-exists",
        /// A table of that name already exists.
        TableExists => "table-exists",
        /// The deploy lacks `CAPABILITY_NAMED_IAM`.
        NamedIamCapability => "named-iam-capability",
        /// A quick-create link's template is not in S3.
        TemplateUrl => "template-url",
        /// The stack does not exist.
        StackMissing => "stack-missing",
        /// The template file is not a valid template.
        TemplateFormat => "template-format",
        /// A parameter value breaks its pattern.
        ParameterInvalid => "parameter-invalid",
        /// `gh workflow run`: no such workflow.
        WorkflowNotFound => "workflow-not-found",
        /// `gh workflow run`: the workflow has no `workflow_dispatch`.
        NoDispatchTrigger => "no-dispatch-trigger",
        /// `gh workflow run`: a choice input given a value it does not offer.
        InputNotAllowed => "input-not-allowed",
        /// `gh workflow run`: inputs the workflow does not declare.
        UnexpectedInputs => "unexpected-inputs",
        /// `gh workflow run`: the ref does not exist.
        RefNotFound => "ref-not-found",
        /// Actions are disabled for the fork.
        ActionsDisabled => "actions-disabled",
        /// `... is not authorized to perform: X on resource: Y`.
        AccessDenied => "access-denied",
        /// DynamoDB's `ResourceNotFoundException`.
        TableNotFound => "table-not-found",
    }
}

/// One known failure.
pub struct Known {
    /// Which failure.
    pub id: FailureId,
    /// The message, as groups of lowercase phrases: a line matches when it holds every phrase
    /// of one group.
    pub matches: &'static [&'static [&'static str]],
    /// Who emits it: a repository and file, or an AWS document.
    pub source: &'static str,
    /// A message of this kind, as the source words it.
    pub sample: &'static str,
    pub(super) answer: fn(&Ctx, &Found) -> Option<Answer>,
}

impl Known {
    /// Whether the lowercase `line` holds this failure's message.
    pub fn matches_in(&self, line: &str) -> bool {
        self.matches.iter().any(|group| group.iter().all(|phrase| line.contains(phrase)))
    }
}

const STS: &str = "AWS STS API Reference: AssumeRoleWithWebIdentity, Errors";

macro_rules! known {
    ($($id:ident: [$([$($phrase:expr),+]),+], $source:expr, $sample:literal, $answer:path;)+) => {
        /// Every known failure, in the order they are tried.
        pub static KNOWN: &[Known] = &[$(Known {
            id: FailureId::$id,
            matches: &[$(&[$($phrase),+]),+],
            source: $source,
            sample: $sample,
            answer: $answer,
        }),+];
    };
}

known! {
    CheckToken: [["fail token:"], ["::error title=", TITLE_TOKEN], ["fail audience:"]], "ocelot-setup check-workflow (claims.sh)",
        "FAIL token: this job may not ask for an OIDC token; the workflow needs 'permissions: id-token: write'", check::token;
    CheckSubject: [["fail subject:"], ["::error title=", TITLE_SUBJECT]], "ocelot-setup check-workflow (claims.sh)",
        "FAIL subject: the role will refuse this token's subject repo:Octo-Cat/ocelot:ref:refs/heads/main", check::subject;
    CheckSecret: [["fail secret "], ["fail variable "], ["::error title=", TITLE_SECRETS]], "ocelot-setup check-workflow (secrets.sh)",
        "FAIL secret AWS_ROLE_TO_ASSUME: it is empty or missing in this repository", check::secret;
    CheckRole: [["fail role:"], ["fail lambda:", "the role may not do this"], ["::error title=", TITLE_ROLE]], "ocelot-setup check-workflow (refused.sh, calls.sh)",
        "FAIL role: AWS refused to let this run assume the role ocelot-layer-publisher", check::role;
    CheckTable: [["fail dynamodb:"], ["::error title=", TITLE_TABLE]], "ocelot-setup check-workflow (calls.sh)",
        "FAIL dynamodb:Scan of one item of table ocelot-layers in us-east-1: not found in us-east-1", check::table;
    NoOidcProvider: [["no openidconnect provider found"]], STS,
        "Could not assume role with OIDC: No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com", credentials::no_provider;
    WrongAudience: [["incorrect token audience"]], STS,
        "Could not assume role with OIDC: Incorrect token audience", credentials::wrong_audience;
    IdpRejectedClaim: [["idprejectedclaim"]], STS,
        "An error occurred (IDPRejectedClaim) when calling the AssumeRoleWithWebIdentity operation: Token signature rejected", credentials::rejected_claim;
    IdpUnreachable: [["idpcommunicationerror"], ["couldn't retrieve verification key from your identity provider"]], STS,
        "Could not assume role with OIDC: Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements", credentials::idp_unreachable;
    WebTokenExpired: [["expiredtokenexception"], ["token expired: current date/time"]], STS,
        "Could not assume role with OIDC: Token expired: current date/time 1700000400 must be before the expiration date/time 1700000300", credentials::web_token_expired;
    AssumeRoleDenied: [["not authorized to perform", "assumerolewithwebidentity"], ["accessdenied", "assumerolewithwebidentity"]], "aws-actions/configure-aws-credentials src/assumeRole.ts; AWS STS API Reference: AssumeRoleWithWebIdentity",
        "Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity", credentials::assume_role_denied;
    SessionTooLong: [["durationseconds exceeds the maxsessionduration"], ["durationseconds exceeds the 1 hour session limit"]], STS,
        "Could not assume role with OIDC: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", credentials::session_too_long;
    RegionDisabled: [["regiondisabledexception"], ["sts is not activated in this region"]], STS,
        "Could not assume role with OIDC: STS is not activated in this region for account:123456789012. Your account administrator can activate STS in this region using the IAM Console.", credentials::region_disabled;
    SessionExpired: [["security token included in the request is expired"]], "AWS SDK error ExpiredToken (any service)",
        "An error occurred (ExpiredToken) when calling the PutItem operation: The security token included in the request is expired", credentials::session_expired;
    NoIdToken: [["actions_id_token_request"], ["getidtoken call failed"], ["did you mean to set the `id-token` permission"]], "aws-actions/configure-aws-credentials src/index.ts; actions/toolkit packages/core/src/oidc-utils.ts",
        "Error: getIDToken call failed: Error: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable", credentials::no_id_token;
    NoCredentials: [["could not load credentials from any providers"], ["credentials could not be loaded"], ["unable to locate credentials"]], "aws-actions/configure-aws-credentials src/CredentialsClient.ts; AWS SDK for JavaScript v3 credential-provider",
        "Error: Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers", credentials::no_credentials;
    RoleNotArn: [["source account id is needed if the role name is provided"]], "aws-actions/configure-aws-credentials src/assumeRole.ts",
        "Error: Source Account ID is needed if the Role Name is provided and not the Role Arn.", credentials::role_not_arn;
    RegionInvalid: [["region is not valid:"], ["input required and not supplied: aws-region"]], "aws-actions/configure-aws-credentials src/index.ts",
        "Error: Region is not valid: ", credentials::region_invalid;
    AccountNotAllowed: [["does not match any of the expected account ids"]], "aws-actions/configure-aws-credentials src/helpers.ts",
        "Error: The account ID of the provided credentials (123456789012) does not match any of the expected account IDs: 210987654321", credentials::account_not_allowed;
    ActionTimeout: [["action timed out after"]], "aws-actions/configure-aws-credentials src/index.ts",
        "Error: Action timed out after 60 seconds", credentials::action_timeout;
    ActionInput: [["custom-tags:"], ["role session name"], ["aws-profile must not"], ["'aws-secret-access-key' must be provided"], ["if 'force-skip-oidc' is true"], ["web identity token file does not exist"], ["are you running in github actions?"], ["credentials loaded by the sdk do not match"]], "aws-actions/configure-aws-credentials src/index.ts, src/assumeRole.ts, src/profileManager.ts, src/CredentialsClient.ts",
        "Error: Role session name is not valid: 'my session'. Must satisfy regular expression pattern: [\\w+=,.@-]*", credentials::action_input;
    Throttled: [["rate exceeded"], ["too many requests"], ["throttlingexception"], ["throttling:"]], "AWS STS and Lambda error Throttling; aws-actions/configure-aws-credentials src/helpers.ts (retryAndBackoff)",
        "Could not assume role with OIDC: Rate exceeded", credentials::throttled;
    StackRollbackComplete: [["rollback_complete state and can not be updated"]], "AWS CloudFormation: stack status codes (ROLLBACK_COMPLETE)",
        "An error occurred (ValidationError) when calling the UpdateStack operation: Stack:arn:aws:cloudformation:us-east-1:123456789012:stack/ocelot-fork-setup/1a2b is in ROLLBACK_COMPLETE state and can not be updated.", stack::rollback_complete;
    StackBusy: [["_in_progress state and can not be updated"], ["is in update_in_progress state"]], "AWS CloudFormation: stack status codes (*_IN_PROGRESS)",
        "An error occurred (ValidationError) when calling the CreateChangeSet operation: Stack:arn:aws:cloudformation:us-east-1:123456789012:stack/ocelot-fork-setup/1a2b is in UPDATE_IN_PROGRESS state and can not be updated.", stack::busy;
    StackState: [["state and can not be updated"]], "AWS CloudFormation: stack status codes",
        "Stack:arn:aws:cloudformation:us-east-1:123456789012:stack/ocelot-fork-setup/1a2b is in UPDATE_ROLLBACK_FAILED state and can not be updated.", stack::other_state;
    NoUpdates: [["no updates are to be performed"], ["no changes to deploy"]], "AWS CloudFormation UpdateStack ValidationError; aws-cli awscli/customizations/cloudformation/deploy.py",
        "An error occurred (ValidationError) when calling the UpdateStack operation: No updates are to be performed.", stack::no_updates;
    ProviderExists: [["entityalreadyexists", "provider"], ["provider with url", "already exists"], ["oidc-provider/token.actions.githubusercontent.com", "already exists"]], "AWS IAM CreateOpenIDConnectProvider, EntityAlreadyExists",
        "EntityAlreadyExists: Provider with url https://token.actions.githubusercontent.com already exists.", stack::provider_exists;
    RoleExists: [["role with name", "already exists"], ["aws::iam::role", "already exists"]], "AWS IAM CreateRole, EntityAlreadyExists; AWS CloudFormation early validation",
        "Resource handler returned message: \"Role with name ocelot-layer-publisher already exists. (Service: Iam, Status Code: 409)\"", stack::role_exists;
    TableExists: [["table already exists"], ["aws::dynamodb::table", "already exists"]], "AWS DynamoDB CreateTable, ResourceInUseException; AWS CloudFormation early validation",
        "Resource handler returned message: \"Table already exists: ocelot-layers (Service: DynamoDb, Status Code: 400)\"", stack::table_exists;
    NamedIamCapability: [["requires capabilities", "capability_"], ["insufficientcapabilities"]], "AWS CloudFormation CreateStack, InsufficientCapabilitiesException",
        "An error occurred (InsufficientCapabilitiesException) when calling the CreateStack operation: Requires capabilities : [CAPABILITY_NAMED_IAM]", stack::named_iam;
    TemplateUrl: [["templateurl must be"]], "AWS CloudFormation CreateStack ValidationError",
        "Status reason: TemplateURL must be a supported URL.", stack::template_url;
    StackMissing: [["stack with id ", " does not exist"]], "AWS CloudFormation DescribeStacks ValidationError",
        "An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id ocelot-fork-setup does not exist", stack::missing;
    TemplateFormat: [["template format error"]], "AWS CloudFormation ValidateTemplate / CreateChangeSet ValidationError",
        "An error occurred (ValidationError) when calling the CreateChangeSet operation: Template format error: YAML not well-formed. (line 12, column 3)", stack::template_format;
    ParameterInvalid: [["parameter", "must match pattern"], ["failed to satisfy constraint"], ["parameter validation failed"]], "AWS CloudFormation parameter AllowedPattern (ValidationError); botocore ParamValidationError",
        "An error occurred (ValidationError) when calling the CreateChangeSet operation: Parameter 'GitHubOwner' must match pattern ^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$", stack::parameter_invalid;
    WorkflowNotFound: [["could not find any workflows named"]], "cli/cli pkg/cmd/workflow/shared/shared.go",
        "could not find any workflows named ocelot-setup-check.yml", dispatch::workflow_not_found;
    NoDispatchTrigger: [["does not have 'workflow_dispatch' trigger"]], "GitHub REST API: create a workflow dispatch event (422)",
        "HTTP 422: Workflow does not have 'workflow_dispatch' trigger (https://api.github.com/repos/octo-cat/ocelot/actions/workflows/12345/dispatches)", dispatch::no_dispatch;
    InputNotAllowed: [["not in the list of allowed values"]], "GitHub REST API: create a workflow dispatch event (422)",
        "HTTP 422: Provided value 'mars-east-1' for input 'aws-region' not in the list of allowed values", dispatch::input_not_allowed;
    UnexpectedInputs: [["unexpected inputs provided"]], "GitHub REST API: create a workflow dispatch event (422)",
        "HTTP 422: Unexpected inputs provided: [\"region\"]", dispatch::unexpected_inputs;
    RefNotFound: [["no ref found for"]], "GitHub REST API: create a workflow dispatch event (422)",
        "HTTP 422: No ref found for: feature/x", dispatch::ref_not_found;
    ActionsDisabled: [["actions has been disabled"], ["actions are disabled"], ["workflows aren't being run on this forked repository"], ["workflow is disabled"]], "GitHub REST API: create a workflow dispatch event; github.com Actions tab of a fork",
        "HTTP 422: Actions has been disabled for this repository.", dispatch::actions_disabled;
    AccessDenied: [["not authorized to perform:"]], "AWS IAM: access denied error messages (identity-based and resource-based policies)",
        "User: arn:aws:sts::123456789012:assumed-role/ocelot-layer-publisher/GitHubActions is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:eu-west-1:123456789012:table/ocelot-layers because no identity-based policy allows the dynamodb:PutItem action", access::answer;
    TableNotFound: [["resourcenotfoundexception", "requested resource not found"], ["resourcenotfoundexception", "table"], ["resourcenotfoundexception", "dynamodb"]], "AWS DynamoDB: ResourceNotFoundException",
        "An error occurred (ResourceNotFoundException) when calling the PutItem operation: Requested resource not found", stack::table_not_found;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::checks::diagnose::{diagnose, Diagnosis, Log, Reader};
    use crate::core::setup::{Choice, Setup, SetupInput};

    #[test]
    fn every_entry_recognises_its_own_sample_and_has_a_source() {
        let setup = Setup::from_input(&SetupInput::for_fork("octo-cat/ocelot")).expect("valid");
        assert_eq!(KNOWN.len(), FailureId::ALL.len(), "one entry a failure id");
        for (i, known) in KNOWN.iter().enumerate() {
            assert!(!KNOWN[..i].iter().any(|k| k.id == known.id), "{} twice", known.id);
            assert!(!known.source.trim().is_empty(), "{}: no source", known.id);
            for phrase in known.matches.iter().flat_map(|g| g.iter()) {
                assert!(!phrase.is_empty() && phrase.to_ascii_lowercase() == *phrase, "{}: {phrase:?}", known.id);
            }
            for reader in [Reader::Wizard, Reader::Cli] {
                match diagnose(&setup, reader, &Log::read(known.sample)) {
                    Diagnosis::Recognised { findings } => {
                        assert_eq!(findings[0].id, known.id, "the sample of {}: {findings:#?}", known.id);
                        assert!(!findings[0].fix.is_empty(), "{}: no fix", known.id);
                        assert!(findings[0].cause.ends_with('.'), "{}: {}", known.id, findings[0].cause);
                    }
                    other => panic!("the sample of {} is not recognised: {other:?}", known.id),
                }
            }
        }
    }
}
