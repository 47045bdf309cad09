//! The rules table: every diagnostic the parser and the validator can report, with its stable
//! code, default severity, what it checks, why, and an example of a definition that breaks it.
//!
//! `docs/rules.md` is generated from this table (`workflow rules --markdown`) and a test keeps the
//! two in sync.

use crate::diagnostic::{Level, Severity};

macro_rules! rules {
    ($( $(#[$doc:meta])* $variant:ident = ($code:literal, $level:ident, $summary:literal, $why:literal, $example:literal); )*) => {
        /// A rule of the parser or the validator. [`Rule::code`] is stable across releases.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Rule {
            $( $(#[$doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in table order.
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];

            /// The stable kebab-case code, e.g. `next-unknown-state`.
            pub fn code(self) -> &'static str {
                match self { $( Rule::$variant => $code, )* }
            }

            /// The level diagnostics of this rule have unless the user changes it (lints only):
            /// [`Level::Error`] for what AWS rejects, [`Level::Deny`] or [`Level::Warn`] for a
            /// lint.
            pub fn level(self) -> Level {
                match self { $( Rule::$variant => Level::$level, )* }
            }

            /// The severity of this rule's diagnostics at its default level.
            pub fn severity(self) -> Severity {
                self.level().severity()
            }

            /// What the rule checks, in one line.
            pub fn summary(self) -> &'static str {
                match self { $( Rule::$variant => $summary, )* }
            }

            /// Why the rule exists: the specification's words or AWS's behaviour.
            pub fn why(self) -> &'static str {
                match self { $( Rule::$variant => $why, )* }
            }

            /// A minimal fragment that breaks the rule.
            pub fn example(self) -> &'static str {
                match self { $( Rule::$variant => $example, )* }
            }

            /// Looks a rule up by its code.
            pub fn from_code(code: &str) -> Option<Rule> {
                Rule::ALL.iter().copied().find(|r| r.code() == code)
            }
        }
    };
}

rules! {
    // ---- reading the text ----
    Syntax = ("syntax", Error, "the text is well-formed JSON (or YAML) holding an object",
        "AWS answers INVALID_JSON_DESCRIPTION for anything else", r#"{"StartAt": "A",}"#);
    DuplicateKey = ("duplicate-key", Error, "no object has the same key twice",
        "JSON parsers disagree on which duplicate wins; AWS rejects the definition", r#"{"Type": "Pass", "Type": "Succeed"}"#);
    DefinitionTooLarge = ("definition-too-large", Error, "the definition is at most 1,048,576 bytes",
        "Step Functions quota: the definition size limit is 1 MB", "a 2 MB definition");
    // ---- shape of the definition ----
    UnknownField = ("unknown-field", Error, "every field is one the specification defines for that object",
        "AWS answers SCHEMA_VALIDATION_FAILED for unknown fields; a misspelt field is otherwise silently ignored", r#"{"Type": "Pass", "Nxt": "B"}"#);
    FieldNotAllowed = ("field-not-allowed", Error, "a known ASL field appears only on the state types and in the query language that allow it",
        "the specification lists the fields of each state type; e.g. Retry and Catch exist only on Task, Parallel and Map", r#"{"Type": "Pass", "Retry": [], "End": true}"#);
    WrongType = ("wrong-type", Error, "every field has the JSON type the specification gives it",
        "AWS answers SCHEMA_VALIDATION_FAILED. A whole `${Name}` placeholder counts as a number where one is expected: a deploy substitutes its text before AWS parses it (`Seconds: ${Timeout}` becomes `Seconds: 30`)", r#"{"Type": "Wait", "Seconds": "10", "End": true}"#);
    MissingField = ("missing-field", Error, "every required field is present",
        "e.g. StartAt and States at the top, Type on every state, Resource on a Task, Branches on a Parallel", r#"{"States": {}}"#);
    EmptyValue = ("empty-value", Error, "lists and strings that must not be empty are not",
        "AWS rejects an empty Branches, ErrorEquals, Choices or States, and empty names", r#"{"Type": "Parallel", "Branches": [], "End": true}"#);
    UnknownStateType = ("unknown-state-type", Error, "Type is one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map",
        "the eight state types are all the specification defines", r#"{"Type": "Lambda"}"#);
    ExclusiveFields = ("exclusive-fields", Error, "fields the specification makes mutually exclusive are not combined",
        "e.g. TimeoutSeconds and TimeoutSecondsPath, Error and ErrorPath, Iterator and ItemProcessor", r#"{"Type": "Task", "TimeoutSeconds": 5, "TimeoutSecondsPath": "$.t"}"#);
    InvalidValue = ("invalid-value", Error, "enumerated fields hold one of their allowed values",
        "e.g. JitterStrategy is FULL or NONE, QueryLanguage is JSONPath or JSONata", r#"{"JitterStrategy": "RANDOM"}"#);
    NumberRange = ("number-range", Error, "numbers are integers where required and within the bounds AWS enforces",
        "e.g. TimeoutSeconds and HeartbeatSeconds are positive integers, MaxConcurrency is not negative", r#"{"Type": "Task", "TimeoutSeconds": 0}"#);
    // ---- states and transitions ----
    StartAtUnknown = ("start-at-unknown", Error, "StartAt names a state of the same scope",
        "execution would have nowhere to start", r#"{"StartAt": "Frist", "States": {"First": {"Type": "Succeed"}}}"#);
    NextUnknownState = ("next-unknown-state", Error, "every Next, Default and Catch Next names a state of the same scope",
        "AWS rejects transitions to missing states; a jump into or out of a Parallel branch or Map processor is not possible", r#""Next": "Finsh""#);
    NextOutOfScope = ("next-out-of-scope", Error, "a transition stays inside its own Parallel branch or Map processor",
        "each branch and processor is its own state machine; states outside are not visible", r#"a branch state with "Next": "AfterParallel""#);
    NextAndEnd = ("next-and-end", Error, "a state has exactly one of Next and End",
        "the specification: a non-terminal state must have Next, a terminal one End: true, never both", r#"{"Type": "Pass", "Next": "B", "End": true}"#);
    MissingTransition = ("missing-transition", Error, "every Task, Pass, Wait, Parallel and Map state has Next or End: true",
        "otherwise the state has no successor and is not terminal", r#"{"Type": "Pass"}"#);
    EndFalse = ("end-false", Error, "End, when present, is true",
        "AWS rejects End: false; omit the field instead", r#"{"Type": "Pass", "End": false, "Next": "B"}"#);
    Unreachable = ("unreachable-state", Error, "every state can be reached from StartAt",
        "AWS rejects definitions with unreachable states; a cycle of states pointing at each other is still unreachable", r#"a state no Next, Default or Catch leads to"#);
    NoTerminalState = ("no-terminal-state", Error, "every scope can terminate: a Succeed, a Fail or an End: true state is reachable from StartAt",
        "AWS answers MISSING_END_STATE", r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}}"#);
    DuplicateStateName = ("duplicate-state-name", Error, "state names are unique across the whole machine, branches and processors included",
        "AWS answers DUPLICATE_STATE_NAME; execution history identifies states by name", r#"a state "Done" at the top and another in a Parallel branch"#);
    StateNameTooLong = ("state-name-too-long", Error, "state names are at most 80 characters",
        "AWS answers INVALID_STATE_NAME", r#"a state named with 81 characters"#);
    // ---- Choice ----
    ChoiceRuleOperator = ("choice-rule-operator", Error, "every Choice rule has exactly one comparison operator (or one of And, Or, Not)",
        "the specification: a rule has one comparison; AWS: Each Choice Rule can only have one comparison operator", r#"{"Variable": "$.x", "StringEquals": "a", "IsPresent": true, "Next": "B"}"#);
    ChoiceRuleNext = ("choice-rule-next", Error, "top-level Choice rules have Next; nested rules (inside And, Or, Not) do not",
        "the specification: only a top-level rule transitions", r#"{"Not": {"Variable": "$.x", "IsNull": true, "Next": "B"}, "Next": "C"}"#);
    ChoiceOperandType = ("choice-operand-type", Error, "the operand has the type its operator compares: a string, a number, a boolean, an RFC 3339 timestamp, or a path",
        "AWS rejects e.g. NumericEquals with a string", r#"{"Variable": "$.n", "NumericEquals": "5", "Next": "B"}"#);
    ChoiceNoDefaultUncovered = ("choice-no-default-uncovered", Warn, "a Choice state without Default has rules that can match every input",
        "when no rule matches and there is no Default, the execution fails with States.NoChoiceMatched; AWS accepts the definition", r#"{"Type": "Choice", "Choices": [{"Variable": "$.status", "StringEquals": "DONE", "Next": "B"}]}"#);
    // ---- errors, Retry and Catch ----
    StatesAllPosition = ("states-all-position", Error, "States.ALL appears alone in its ErrorEquals and only in the last retrier or catcher",
        "the specification: States.ALL must appear alone and in the last retrier/catcher; anything after it can never match", r#""Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}]"#);
    UnknownStatesError = ("unknown-states-error", Deny, "error names starting with States. are the predefined ones",
        "the States. prefix is reserved, so a typo such as States.All never matches anything; AWS accepts the definition (deployed definitions of AWS's sample repositories carry such names)", r#""ErrorEquals": ["States.All"]"#);
    CatchNeverMatches = ("catch-never-matches", Deny, "a retrier or catcher names at least one error that no earlier retrier or catcher of the state names",
        "an error goes to the first retrier (or catcher) whose ErrorEquals names it, so one whose every name an earlier one lists is never chosen; AWS accepts the definition", r#""Catch": [{"ErrorEquals": ["Timeout"], "Next": "A"}, {"ErrorEquals": ["Timeout"], "Next": "B"}]"#);
    RetrierBounds = ("retrier-bounds", Error, "IntervalSeconds ≥ 1, MaxAttempts ≥ 0, BackoffRate ≥ 1.0, 0 < MaxDelaySeconds < 31,622,400",
        "AWS rejects out-of-range retriers; a BackoffRate below 1 would shrink the interval", r#"{"ErrorEquals": ["X"], "BackoffRate": 0.5}"#);
    HeartbeatNotBelowTimeout = ("heartbeat-timeout", Error, "HeartbeatSeconds is smaller than TimeoutSeconds",
        "AWS rejects a heartbeat interval that is not below the task timeout", r#"{"TimeoutSeconds": 60, "HeartbeatSeconds": 60}"#);
    // ---- paths, payload templates and intrinsic functions ----
    InvalidPath = ("invalid-path", Error, "InputPath, OutputPath, ItemsPath and the *Path fields hold a JSONPath (or a context or variable path)",
        "AWS answers SCHEMA_VALIDATION_FAILED; an intrinsic function is not allowed there", r#""InputPath": "bug$.x""#);
    ContextPathWhitespace = ("context-path-whitespace", Warn, "a context-object path ($$…) has no whitespace around it",
        "AWS trims the whitespace and reads the path (deployed definitions of AWS's sample repositories carry \"$$.Execution.Name \"); the text is still misleading", r#""Name.$": "$$.Execution.Name ""#);
    InvalidReferencePath = ("invalid-reference-path", Error, "ResultPath and a Choice rule's Variable are Reference Paths: a single node, no wildcards or filters; ResultPath is on $, not $$ or a variable",
        "the specification defines Reference Paths for fields that name one node", r#""ResultPath": "$..x""#);
    InvalidDynamicValue = ("invalid-dynamic-value", Error, "a payload template field ending in .$ holds a path or an intrinsic function call",
        "AWS: the value for the field must be a valid JSONPath or a valid intrinsic function call", r#""Input.$": "not a path""#);
    PayloadDuplicateKey = ("payload-duplicate-key", Error, "a payload template has no two fields that are equal once .$ is removed",
        "the specification: the field would be set twice", r#"{"a": 1, "a.$": "$.x"}"#);
    UnknownIntrinsic = ("unknown-intrinsic", Error, "intrinsic functions are the ones AWS defines",
        "AWS rejects unknown functions", r#""x.$": "States.Concat($.a)""#);
    IntrinsicArity = ("intrinsic-arity", Error, "intrinsic functions get the number of arguments they take",
        "AWS rejects e.g. States.ArrayContains with one argument", r#""x.$": "States.ArrayLength($.a, $.b)""#);
    IntrinsicArgument = ("intrinsic-argument", Error, "literal intrinsic arguments have the type the function takes",
        "AWS rejects e.g. States.MathAdd with a string literal", r#""x.$": "States.MathAdd($.n, '1')""#);
    IntrinsicNesting = ("intrinsic-nesting", Error, "intrinsic function calls nest at most 10 deep",
        "AWS's limit on nesting", "eleven nested States.Array calls");
    FormatPlaceholders = ("format-placeholders", Deny, "States.Format has one argument per {} placeholder",
        "AWS raises States.IntrinsicFailure at run time otherwise", r#""x.$": "States.Format('{} and {}', $.a)""#);
    // ---- JSONata ----
    JsonataSyntax = ("jsonata-syntax", Error, "every {% … %} expression is valid JSONata",
        "AWS rejects the definition", r#""Output": "{% 10 + * 2 %}""#);
    JsonataDelimiters = ("jsonata-delimiters", Error, "a string that opens {% closes with %} and the reverse; the expression is set off by whitespace",
        "a half-delimited string is almost always a broken expression", r#""Output": "{% $states.input ""#);
    JsonataStatesVariable = ("jsonata-states-variable", Error, "$states.result, $states.errorOutput and $states.context fields are used only where AWS provides them",
        "$states.result exists only in a Task, Parallel or Map's Output and Assign; $states.errorOutput only in a Catch", r#"{"Type": "Pass", "Output": "{% $states.result %}"}"#);
    JsonataInJsonPath = ("jsonata-in-jsonpath", Deny, "a JSONPath state's payload template holds no {% … %} JSONata expression",
        "AWS takes the string as literal text in a JSONPath state, so the expression is never evaluated", r#"{"Type": "Pass", "Parameters": {"total": "{% $states.input.a + 1 %}"}, "End": true}"#);
    QueryLanguageMix = ("query-language-mix", Error, "a JSONata machine has no JSONPath state, and each state uses only the fields of its query language",
        "AWS: QueryLanguage can not be JSONPath if set to JSONata for the whole state machine; Parameters, ResultPath, … exist only in JSONPath, Arguments, Output, … only in JSONata", r#"top-level "QueryLanguage": "JSONata" and a state with "Parameters""#);
    // ---- variables ----
    VariableName = ("variable-name", Error, "assigned variable names are identifiers and not the reserved name states",
        "AWS: a variable name starts with a letter or _, holds letters, digits and _, and is at most 80 characters", r#""Assign": {"states": 1}"#);
    VariableShadowsOuter = ("variable-shadows-outer", Error, "a Parallel branch or Map processor does not assign a variable that an outer scope assigns",
        "AWS: inner scopes can read but not assign outer variables", r#"outer "Assign": {"total": 0} and inner "Assign": {"total": 1}"#);
    UntypedState = ("untyped-state", Allow, "in a workflow! with declared types, every state's input has a known shape (allowed by default: turn it on to list the states whose paths go unchecked)",
        "a path into data of unknown shape (a task result nobody declared, a JSONata state's output) is not checked at compile time", r#"Charge: task lambda::invoke("${Fn}") { result_path: $.charge }  // no `-> Type`"#);
    VariableUnassigned = ("variable-unassigned", Warn, "every variable read is assigned somewhere the reader can see",
        "reading a never-assigned variable fails at run time", r#""x.$": "$totl""#);
    // ---- Task resources ----
    InvalidResource = ("invalid-resource", Error, "a Task Resource is a Lambda ARN, an activity ARN, an arn:aws:states:::service:action integration, an aws-sdk integration, http:invoke, or a ${Placeholder}",
        "AWS answers INVALID_RESOURCE", r#""Resource": "InvalidArn""#);
    UnsupportedIntegration = ("unsupported-integration", Error, "an optimized integration is called with an action and pattern (.sync, .waitForTaskToken) that its service supports",
        "AWS rejects e.g. sns:publish.sync or dynamodb:query (which needs aws-sdk:dynamodb:query)", r#""Resource": "arn:aws:states:::sns:publish.sync""#);
    QualifiedIntegrationArn = ("qualified-integration-arn", Warn, "an integration Resource (optimized, aws-sdk or http:invoke) is written without region and account",
        "AWS documents integrations as arn:aws:states:::SERVICE:ACTION and accepts a region and account in the ARN (deployed definitions of AWS's sample repositories use them)", r#""Resource": "arn:aws:states:us-east-1:123456789012:aws-sdk:s3:putObject""#);
    ExpressUnsupported = ("express-unsupported", Error, "an EXPRESS machine uses no .sync, no .waitForTaskToken and no activity",
        "Express workflows do not support these patterns", r#"an EXPRESS machine calling "arn:aws:states:::states:startExecution.sync""#);
    // ---- Wait ----
    WaitForm = ("wait-form", Error, "a Wait state has exactly one of Seconds, Timestamp, SecondsPath, TimestampPath",
        "the specification", r#"{"Type": "Wait", "End": true}"#);
    InvalidTimestamp = ("invalid-timestamp", Error, "timestamps are RFC 3339 date-times with an uppercase T and a time zone",
        "AWS rejects other forms", r#""Timestamp": "2026-01-01 10:00:00""#);
    // ---- Map ----
    MapProcessor = ("map-processor", Error, "a Map has exactly one of ItemProcessor and Iterator",
        "the specification; Iterator is the legacy name of ItemProcessor", r#"{"Type": "Map", "End": true}"#);
    MapExecutionType = ("map-execution-type", Error, "a DISTRIBUTED processor names its ExecutionType (STANDARD or EXPRESS)",
        "AWS requires it for Distributed Map", r#""ProcessorConfig": {"Mode": "DISTRIBUTED"}"#);
    ItemBatcherEmpty = ("item-batcher-empty", Error, "an ItemBatcher sets at least one of its limits",
        "AWS: an ItemBatcher must specify MaxItemsPerBatch or MaxInputBytesPerBatch (or their Path forms)", r#""ItemBatcher": {}"#);
    ToleratedFailure = ("tolerated-failure", Error, "ToleratedFailurePercentage is 0–100 and ToleratedFailureCount is not negative",
        "AWS's bounds", r#""ToleratedFailurePercentage": 105"#);
    MapLabel = ("map-label", Error, "a Map Label is 1–40 characters without whitespace, brackets, wildcards or control characters",
        "AWS rejects other labels; they become part of child execution names", r#""Label": "batch {1}""#);
    // ---- AppSync GraphQL APIs ----
    AppsyncSchemaSyntax = ("appsync-schema-syntax", Error, "the schema is well-formed GraphQL SDL",
        "AppSync rejects the schema (the schema creation fails with a parse error)", r#"type Query { order(id: ID!: Order }"#);
    AppsyncSchemaInvalid = ("appsync-schema-invalid", Error, "the schema is valid GraphQL: every type it uses is declared (built-in, AppSync scalar or the schema's own) and it has a Query type",
        "AppSync rejects the schema", r#"type Query { order: Ordr }"#);
    AppsyncAuthUnconfigured = ("appsync-auth-unconfigured", Error, "a per-field or per-type auth directive (@aws_api_key, @aws_iam, @aws_oidc, @aws_cognito_user_pools, @aws_lambda) names a mode the API configures",
        "a directive for a mode the API does not have opens the field to nobody", r#"@aws_api_key on an API without API_KEY"#);
    AppsyncNoDefaultAuth = ("appsync-no-default-auth", Error, "the API has a default auth mode",
        "AppSync requires AuthenticationType", r#"an API with additional providers only"#);
    AppsyncDuplicateAuth = ("appsync-duplicate-auth", Error, "each auth mode is configured once, as the default or as one additional provider",
        "AppSync rejects an additional provider that repeats a mode (only Cognito and OIDC differ by pool or issuer, and this declaration keeps one of each)", r#"default API_KEY and additional API_KEY"#);
    AppsyncOidcIssuer = ("appsync-oidc-issuer", Error, "an OPENID_CONNECT provider has an issuer",
        "AppSync requires OpenIDConnectConfig.Issuer", r#"OPENID_CONNECT without issuer"#);
    AppsyncApiKeyExpiry = ("appsync-api-key-expiry", Error, "an API key expires 1 to 365 days after it is created",
        "AppSync refuses keys that expire sooner than a day or later than 365 days", r#"API_KEY expiring after 400 days"#);
    AppsyncInvalidName = ("appsync-invalid-name", Error, "data source and function names are letters and digits, starting with a letter",
        "AppSync names match [_A-Za-z][_0-9A-Za-z]*; the template's logical ids allow no underscore", r#"a data source named "orders-table""#);
    AppsyncDuplicateName = ("appsync-duplicate-name", Error, "data sources, pipeline functions and resolvers (Type.field) are declared once each",
        "AppSync names them uniquely per API", r#"two data sources named "Orders""#);
    AppsyncResolverUnknownField = ("appsync-resolver-unknown-field", Error, "a resolver is attached to a Type.field the schema has",
        "AppSync rejects a resolver on a type or field the schema does not define", r#"a resolver on Query.getOrdr"#);
    AppsyncUnknownDataSource = ("appsync-unknown-data-source", Error, "a resolver or pipeline function names a declared data source",
        "AppSync rejects the resolver", r#"a resolver on the data source "Ordrs""#);
    AppsyncUnknownFunction = ("appsync-unknown-function", Error, "a pipeline resolver names declared pipeline functions, at least one",
        "AppSync rejects the resolver", r#"Resolver::pipeline("Mutation.x", ["Chek"])"#);
    AppsyncSubscribeMutation = ("appsync-subscribe-mutation", Error, "@aws_subscribe(mutations: [...]) names mutations of the schema that return the subscription's type",
        "AppSync rejects a subscription to a missing mutation; one with another type never receives a usable payload", r#"onOrderPlaced: Order @aws_subscribe(mutations: ["placeOrdr"])"#);
    AppsyncCodeMissing = ("appsync-code-missing", Error, "resolver and function code files exist; every resolver except a direct Lambda resolver has code",
        "the code is part of the template: a missing file cannot be deployed, and AppSync needs code or mapping templates for every other data source", r#"Code::js_file("resolvers/missing.js")"#);
    AppsyncLiteralSecret = ("appsync-literal-secret", Error, "a secret is given as a reference (a parameter, a resource of the stack or a Secrets Manager ARN), never as a literal value",
        "a literal secret ends up in plain text in the template and in the stack's history", r#"an RDS data source whose secret is "hunter2""#);
    AppsyncModelFieldType = ("appsync-model-field-type", Error, "a model field has a scalar type (ID, String, Int, Float, Boolean or an AppSync scalar), optionally a list and non-null; relations are declared as relations",
        "the field cannot be stored, filtered or written in the generated inputs", r#"Model::new("Order").field("total", "Flot")"#);
    AppsyncModelUnknownField = ("appsync-model-unknown-field", Error, "an owner or group-field rule, an index or a relation's reference names a field of its model",
        "the rule would check, the index would key or the relation would join on a value no item has", r#"AuthRule::owner("ownr")"#);
    AppsyncModelRelation = ("appsync-model-relation", Error, "a relation names a declared model",
        "the relation field would have a type the schema does not declare", r#"has_many("items", "Itme", "orderId")"#);
    AppsyncModelAuthRule = ("appsync-model-auth-rule", Error, "an auth rule uses a mode its kind supports (owner and groups: user pools or OIDC; public: API key or IAM; private: user pools, IAM or OIDC; custom: Lambda), names a String field and allows some operation",
        "Amplify's transformer rejects the rule; no caller could pass it", r#"AuthRule::public().mode(AuthMode::CognitoUserPools)"#);
    // ---- AWS's warnings ----
    NoDollar = ("no-dollar", Warn, "a payload field whose value looks like a path or intrinsic has a key ending in .$",
        "AWS warns NO_DOLLAR: without .$ the value is passed as a literal string", r#""Input": "$.order""#);
    NoPath = ("no-path", Warn, "a field whose value looks like a path is the *Path form of the field",
        "AWS warns NO_PATH: e.g. \"Error\": \"$.code\" sets the literal error name \"$.code\"", r#"{"Type": "Fail", "Error": "$.code"}"#);
    PassResultIsStatic = ("pass-result-is-static", Warn, "a Pass state's Result holds no .$ fields",
        "AWS warns PASS_RESULT_IS_STATIC: Result is static data, paths in it are not evaluated (use Parameters)", r#"{"Type": "Pass", "Result": {"x.$": "$.y"}}"#);
    // ---- Amplify apps and Cognito user pools ----
    LiteralSecret = ("literal-secret", Error, "a secret (access token, password, client secret) is a Secrets Manager reference, not its text",
        "a literal would be readable by anyone who can read the template or the stack", r#"access_token: "ghp_…""#);
    SecretReferenceUnsupported = ("secret-reference-unsupported", Error, "a secret is a {{resolve:secretsmanager:…}} reference, not {{resolve:ssm-secure:…}}",
        "CloudFormation resolves ssm-secure references only for a few resource types (not Amplify or Cognito); the text would be passed as is", r#"access_token: "{{resolve:ssm-secure:/github/token:1}}""#);
    AmplifyUnknownPlatform = ("amplify-unknown-platform", Error, "an Amplify app's platform is WEB or WEB_COMPUTE",
        "AWS rejects any other platform", r#"platform: WEBSITE"#);
    AmplifyUnknownStage = ("amplify-unknown-stage", Error, "a branch's stage is PRODUCTION, BETA, DEVELOPMENT, EXPERIMENTAL or PULL_REQUEST",
        "AWS rejects any other stage", r#"stage: PROD"#);
    AmplifyDuplicateBranch = ("amplify-duplicate-branch", Error, "an app declares each branch once",
        "two AWS::Amplify::Branch resources of one branch fail the deployment", r#"two branches named main"#);
    AmplifyDomainUnknownBranch = ("amplify-domain-unknown-branch", Error, "every sub-domain serves a branch the app declares",
        "the domain association fails when the branch does not exist", r#"sub_domains: { "www": mian }"#);
    AmplifyDuplicateSubDomain = ("amplify-duplicate-sub-domain", Error, "a domain has each prefix once",
        "AWS rejects a domain association with the same sub-domain twice", r#"sub_domains: { "dev": dev, "dev": main }"#);
    AmplifyRedirectStatus = ("amplify-redirect-status", Error, "a redirect or rewrite has status 200, 301, 302, 404 or 404-200",
        "these are the only statuses Amplify's custom rules take", r#"{ source: "/a", target: "/b", status: 307 }"#);
    AmplifyRepositoryUrl = ("amplify-repository-url", Error, "the repository is an https:// URL",
        "Amplify connects to Git providers over HTTPS; an SSH address is rejected", r#"repository: "git@github.com:org/app.git""#);
    AmplifyUnknownMetric = ("amplify-unknown-metric", Error, "an alarm watches a metric of AWS/AmplifyHosting: Requests, BytesDownloaded, BytesUploaded, 4xxErrors, 5xxErrors or Latency",
        "an alarm on a metric that does not exist stays in INSUFFICIENT_DATA for ever", r#"alarms: [{ metric: "5XXErrors", threshold: 1 }]"#);
    AmplifyAlarmPeriod = ("amplify-alarm-period", Error, "an alarm's period is a positive multiple of 60 seconds and it evaluates at least one period",
        "CloudWatch rejects other periods for these metrics", r#"alarms: [{ metric: "Latency", threshold: 1000, period_seconds: 90 }]"#);
    AmplifyEmptyName = ("amplify-empty-name", Error, "app, branch, domain and basic-auth user names are not empty",
        "AWS rejects empty names", r#"name: """#);
    CognitoUnknownMfa = ("cognito-unknown-mfa", Error, "MFA is OFF, OPTIONAL or ON, with factors SMS and TOTP",
        "AWS rejects other values", r#"mfa: REQUIRED"#);
    CognitoMfaNoFactor = ("cognito-mfa-no-factor", Error, "MFA ON or OPTIONAL names at least one factor",
        "AWS rejects an MFA configuration with no enabled factor", r#"mfa: ON"#);
    CognitoSmsWithoutConfig = ("cognito-sms-without-config", Error, "SMS as an MFA factor comes with an SMS configuration (the role Cognito sends text messages with)",
        "AWS rejects SMS_MFA without SmsConfiguration", r#"mfa: OPTIONAL, mfa_factors: [SMS]"#);
    CognitoPasswordPolicy = ("cognito-password-policy", Error, "the password policy is within AWS's ranges: minimum length 6–99, temporary passwords valid 0–365 days",
        "AWS rejects the user pool otherwise", r#"password_policy: { minimum_length: 4 }"#);
    CognitoUnknownAttribute = ("cognito-unknown-attribute", Error, "sign-in and auto-verified attributes are email or phone_number",
        "these are the only attributes Cognito can use as user names and verify", r#"sign_in: [mail]"#);
    CognitoCallbackUrl = ("cognito-callback-url", Error, "callback and sign-out URLs are absolute https:// URLs (http:// only for localhost) without a fragment",
        "Cognito rejects other URLs", r#"callback_urls: ["http://example.com/#done"]"#);
    CognitoDomainPrefix = ("cognito-domain-prefix", Error, "a user pool domain prefix holds 1–63 lowercase letters, digits and hyphens, not at either end, and not aws, amazon or cognito",
        "Cognito rejects other prefixes", r#"domain: "Orders-Auth""#);
    CognitoUnknownOauthFlow = ("cognito-unknown-oauth-flow", Error, "OAuth flows are code, implicit or client_credentials; scopes are openid, email, phone, profile or aws.cognito.signin.user.admin",
        "Cognito rejects other flows; another scope needs a resource server", r#"oauth_flows: [authorization_code]"#);
    CognitoUnknownProvider = ("cognito-unknown-provider", Error, "a client signs in with COGNITO or with identity providers the user pool declares",
        "the client cannot be created with a provider the pool does not have", r#"identity_providers: [Gogle]"#);
    CognitoProviderDetails = ("cognito-provider-details", Error, "an identity provider has what its type needs: an OIDC issuer, a SAML metadata URL, Apple's team and key ids",
        "Cognito rejects the provider otherwise", r#"an OIDC provider without issuer"#);
}

impl Rule {
    /// Where the rule comes from: the specification section AWS enforces, the AWS
    /// documentation, or an AWS response recorded in `../shared/corpus` or
    /// `../shared/conformance`. A lint says why no rejection backs it.
    pub fn evidence(self) -> &'static str {
        match self {
            Rule::Syntax => {
                r#"recorded: ValidateStateMachineDefinition answered INVALID_JSON_DESCRIPTION for `not a definition` (../shared/corpus/localstack/inline/validate_not_a_definition_NOT_A_DEF.txt)"#
            }
            Rule::DuplicateKey => {
                r#"spec § JSON: a JSON object with duplicate keys is not a valid state machine; the AWS language service (../shared/corpus/asl-language-service) reports it"#
            }
            Rule::DefinitionTooLarge => {
                r#"AWS docs: Step Functions service quotas (maximum definition size 1 MB)"#
            }
            Rule::UnknownField => {
                r#"AWS API: CreateStateMachine answers SCHEMA_VALIDATION_FAILED for a field the schema lacks; ../shared/corpus/asl-validator invalid-* fixtures"#
            }
            Rule::FieldNotAllowed => {
                r#"spec § each state type's field table; AWS docs: Amazon States Language › common state fields"#
            }
            Rule::WrongType => {
                r#"AWS API: CreateStateMachine answers SCHEMA_VALIDATION_FAILED; ../shared/corpus/statelint fixtures. Placeholders: CloudFormation's StateMachine handler replaces `${Name}` in the definition text before parsing it (aws-cloudformation-resource-providers-stepfunctions, DefinitionProcessor), and takes String, Integer or Boolean values"#
            }
            Rule::MissingField => {
                r#"recorded: ValidateStateMachineDefinition answered SCHEMA_VALIDATION_FAILED `These fields are required: [States, StartAt]` (../shared/corpus/localstack/inline/validate_not_a_definition_EMPTY_DICT.json) and `The field 'RoleArn' is required` (../shared/corpus/localstack/templates/credentials/statemachines/empty_credentials.json)"#
            }
            Rule::EmptyValue => {
                r#"recorded: TestState answered SCHEMA_VALIDATION_FAILED `Value cannot be empty at /States/StateName/Branches` (../shared/corpus/localstack/inline/test_state_parallel_empty_branches.json)"#
            }
            Rule::UnknownStateType => {
                r#"spec § State Types; AWS docs: Amazon States Language › states"#
            }
            Rule::ExclusiveFields => {
                r#"spec § Task State, Fail State, Map State (each pair "MUST NOT" both be present)"#
            }
            Rule::InvalidValue => {
                r#"AWS docs: Amazon States Language (Retry JitterStrategy, QueryLanguage, Map ProcessorConfig); AWS API: SCHEMA_VALIDATION_FAILED"#
            }
            Rule::NumberRange => {
                r#"spec § Task State (TimeoutSeconds, HeartbeatSeconds: positive integers); AWS docs: Task state, Map state"#
            }
            Rule::StartAtUnknown => {
                r#"spec § Top-level fields: StartAt MUST exactly match a state name; ../shared/corpus/asl-language-service invalid fixtures"#
            }
            Rule::NextUnknownState => {
                r#"spec § Transitions (Next MUST exactly match a state name); deploys report CreateStateMachine's InvalidDefinition as `MISSING_TRANSITION_TARGET: Missing 'Next' target`, a code that is not among ValidateStateMachineDefinition's documented ones; ../shared/corpus/asl-language-service documentInvalidNext"#
            }
            Rule::NextOutOfScope => {
                r#"spec § Parallel State and Map State: a branch may not transition outside itself"#
            }
            Rule::NextAndEnd => {
                r#"spec § Transitions: a state MUST have exactly one of Next and End (except Choice, Succeed, Fail)"#
            }
            Rule::MissingTransition => r#"spec § Transitions; ../shared/corpus/statelint fixtures"#,
            Rule::EndFalse => {
                r#"spec § Transitions: End is true for a terminal state; AWS's language service rejects End: false"#
            }
            Rule::Unreachable => {
                r#"AWS's console refuses to save a definition with a state that cannot be reached, and CreateStateMachine answers InvalidDefinition; AWS's language service (asl-language-service, MESSAGES.UNREACHABLE_STATE) flags it; not among ValidateStateMachineDefinition's documented codes; ../shared/corpus/statelint fixtures"#
            }
            Rule::NoTerminalState => r#"AWS API: CreateStateMachine answers MISSING_END_STATE"#,
            Rule::DuplicateStateName => {
                r#"spec § States: state names MUST be unique within the state machine; AWS API: DUPLICATE_STATE_NAME"#
            }
            Rule::StateNameTooLong => {
                r#"spec § States: names MUST have length ≤ 80 Unicode characters"#
            }
            Rule::ChoiceRuleOperator => {
                r#"spec § Choice Rules; ../shared/corpus/asl-language-service documentChoiceInvalid"#
            }
            Rule::ChoiceRuleNext => r#"spec § Choice Rules: a nested rule MUST NOT contain Next"#,
            Rule::ChoiceOperandType => {
                r#"spec § Choice Rules (each comparison operator's operand type); AWS docs: Choice state"#
            }
            Rule::ChoiceNoDefaultUncovered => {
                r#"none rejects it: spec § Choice State (no rule matching and no Default raises States.NoChoiceMatched); AWS accepts the definition, so this is a lint. A warning, not denied: every AWS-accepted JSONPath definition of ../shared/corpus with a Choice without Default is flagged (5 of 5, among them localstack's choice_state_unsorted_choice_parameters, run against AWS, whose BooleanEquals true/false rules cover every boolean but not other inputs); such rules rely on the input's shape, which the definition alone cannot show"#
            }
            Rule::StatesAllPosition => {
                r#"spec § Retrying after error and Fallback states: States.ALL MUST appear alone and only in the last retrier/catcher"#
            }
            Rule::UnknownStatesError => {
                r#"none rejects it: the spec reserves the States. prefix, but AWS accepts an unknown States. name in ErrorEquals, so this is a lint"#
            }
            Rule::CatchNeverMatches => {
                r#"none rejects it: spec § Retrying after error and Fallback states (retriers and catchers are scanned in array order and the first whose ErrorEquals names the error is chosen); AWS accepts the definition, so this is a lint"#
            }
            Rule::RetrierBounds => {
                r#"spec § Retrying after error; AWS docs: Handling errors (IntervalSeconds ≥ 1, BackoffRate ≥ 1.0, MaxDelaySeconds bounds)"#
            }
            Rule::HeartbeatNotBelowTimeout => {
                r#"spec § Task State: HeartbeatSeconds MUST be smaller than TimeoutSeconds"#
            }
            Rule::InvalidPath => {
                r#"spec § Paths; AWS docs: Paths; AWS API: SCHEMA_VALIDATION_FAILED"#
            }
            Rule::ContextPathWhitespace => {
                r#"none rejects it: AWS trims the whitespace around a context path, so this is a lint"#
            }
            Rule::InvalidReferencePath => r#"spec § Reference Paths"#,
            Rule::InvalidDynamicValue => {
                r#"spec § Payload Template; AWS API: SCHEMA_VALIDATION_FAILED `The value for the field must be a valid JSONPath or a valid intrinsic function call`"#
            }
            Rule::PayloadDuplicateKey => {
                r#"spec § Payload Template: it is an error for two fields to be equal once .$ is removed"#
            }
            Rule::UnknownIntrinsic => {
                r#"AWS docs: Intrinsic functions (the complete list); AWS API: SCHEMA_VALIDATION_FAILED"#
            }
            Rule::IntrinsicArity => r#"AWS docs: Intrinsic functions (each function's arguments)"#,
            Rule::IntrinsicArgument => {
                r#"AWS docs: Intrinsic functions (each function's argument types)"#
            }
            Rule::IntrinsicNesting => r#"AWS docs: Intrinsic functions (nesting limit)"#,
            Rule::FormatPlaceholders => {
                r#"none rejects it: AWS accepts the definition and fails the execution with States.IntrinsicFailure (AWS docs: Intrinsic functions, States.Format), so this is a lint"#
            }
            Rule::JsonataSyntax => {
                r#"AWS docs: Transforming data with JSONata; AWS API: SCHEMA_VALIDATION_FAILED for an expression that does not parse"#
            }
            Rule::JsonataDelimiters => {
                r#"AWS docs: Transforming data with JSONata (an expression is written `{% … %}`)"#
            }
            Rule::JsonataStatesVariable => {
                r#"AWS docs: Transforming data with JSONata (the $states reserved variable, where each field is available)"#
            }
            Rule::JsonataInJsonPath => {
                r#"none rejects it: AWS docs, Transforming data with JSONata (a JSONPath state does not evaluate {% %}; it stays a string), so this is a lint"#
            }
            Rule::QueryLanguageMix => {
                r#"AWS docs: Transforming data with JSONata (QueryLanguage); AWS API answers `QueryLanguage can not be JSONPath if set to JSONata for the whole state machine`"#
            }
            Rule::VariableName => {
                r#"AWS docs: Passing data between states with variables (variable names)"#
            }
            Rule::VariableShadowsOuter => {
                r#"AWS docs: Passing data between states with variables (variable scope)"#
            }
            Rule::UntypedState => {
                r#"none: this is the workflow! macro's own lint about its type checks, not an AWS rule"#
            }
            Rule::VariableUnassigned => {
                r#"none rejects it: AWS accepts the definition and fails the execution when the variable is read, so this is a lint"#
            }
            Rule::InvalidResource => {
                r#"AWS API: CreateStateMachine answers INVALID_RESOURCE; ../shared/corpus/asl-language-service documentInvalidResource"#
            }
            Rule::UnsupportedIntegration => {
                r#"AWS docs: Integrating services with Step Functions (the table of supported APIs and patterns per optimized integration)"#
            }
            Rule::QualifiedIntegrationArn => {
                r#"none rejects it: AWS documents integrations as arn:aws:states:::SERVICE:ACTION and accepts a region and account (deployed definitions of AWS's sample repositories), so this is a lint"#
            }
            Rule::ExpressUnsupported => {
                r#"AWS docs: Standard and Express workflow types (Express does not support .sync, .waitForTaskToken or activities)"#
            }
            Rule::WaitForm => {
                r#"spec § Wait State: exactly one of Seconds, Timestamp, SecondsPath, TimestampPath"#
            }
            Rule::InvalidTimestamp => {
                r#"spec § Timestamps (RFC 3339 profile, uppercase T and Z); AWS docs: Wait state"#
            }
            Rule::MapProcessor => r#"AWS docs: Map state (ItemProcessor, or the legacy Iterator)"#,
            Rule::MapExecutionType => {
                r#"AWS docs: Map state in Distributed mode (ProcessorConfig ExecutionType is required)"#
            }
            Rule::ItemBatcherEmpty => r#"AWS docs: ItemBatcher (Map)"#,
            Rule::ToleratedFailure => {
                r#"AWS docs: Setting failure thresholds for Distributed Map states"#
            }
            Rule::MapLabel => r#"AWS docs: Map state in Distributed mode (Label)"#,
            Rule::AppsyncSchemaSyntax => {
                r#"AWS docs: AppSync developer guide, designing a GraphQL schema; the schema creation fails"#
            }
            Rule::AppsyncSchemaInvalid => {
                r#"AWS docs: AppSync developer guide, scalar types and schema; the schema creation fails"#
            }
            Rule::AppsyncAuthUnconfigured => {
                r#"AWS docs: AppSync developer guide, configuring authorization (directives name configured modes)"#
            }
            Rule::AppsyncNoDefaultAuth => {
                r#"AWS CloudFormation: AWS::AppSync::GraphQLApi AuthenticationType is required"#
            }
            Rule::AppsyncDuplicateAuth => {
                r#"AWS CloudFormation: AWS::AppSync::GraphQLApi AdditionalAuthenticationProviders"#
            }
            Rule::AppsyncOidcIssuer => {
                r#"AWS CloudFormation: AWS::AppSync::GraphQLApi OpenIDConnectConfig Issuer"#
            }
            Rule::AppsyncApiKeyExpiry => {
                r#"AWS CloudFormation: AWS::AppSync::ApiKey Expires (1 to 365 days)"#
            }
            Rule::AppsyncInvalidName => {
                r#"AWS CloudFormation: AWS::AppSync::DataSource and FunctionConfiguration Name pattern"#
            }
            Rule::AppsyncDuplicateName => r#"AWS AppSync API: names are unique per API"#,
            Rule::AppsyncResolverUnknownField => {
                r#"AWS CloudFormation: AWS::AppSync::Resolver TypeName and FieldName"#
            }
            Rule::AppsyncUnknownDataSource => {
                r#"AWS CloudFormation: AWS::AppSync::Resolver DataSourceName"#
            }
            Rule::AppsyncUnknownFunction => {
                r#"AWS CloudFormation: AWS::AppSync::Resolver PipelineConfig"#
            }
            Rule::AppsyncSubscribeMutation => {
                r#"AWS docs: AppSync developer guide, real-time data (@aws_subscribe)"#
            }
            Rule::AppsyncCodeMissing => {
                r#"AWS CloudFormation: AWS::AppSync::Resolver Code or mapping templates"#
            }
            Rule::AppsyncLiteralSecret => {
                r#"AWS CloudFormation: dynamic references; a literal secret deploys, so the rule guards the template"#
            }
            Rule::AppsyncModelFieldType => r#"Amplify docs: data modeling (@model field types)"#,
            Rule::AppsyncModelUnknownField => {
                r#"Amplify docs: authorization rules (ownerField, groupsField), @index, relationships (references)"#
            }
            Rule::AppsyncModelRelation => r#"Amplify docs: data modeling, relationships"#,
            Rule::AppsyncModelAuthRule => {
                r#"Amplify docs: authorization rules (allowed providers per strategy)"#
            }
            Rule::NoDollar => r#"AWS API: ValidateStateMachineDefinition's NO_DOLLAR warning"#,
            Rule::NoPath => r#"AWS API: ValidateStateMachineDefinition's NO_PATH warning"#,
            Rule::PassResultIsStatic => {
                r#"AWS API: ValidateStateMachineDefinition's PASS_RESULT_IS_STATIC warning"#
            }
            Rule::LiteralSecret => {
                r#"AWS CloudFormation: dynamic references; a literal secret deploys, so the rule guards the template"#
            }
            Rule::SecretReferenceUnsupported => {
                r#"AWS CloudFormation: dynamic references (ssm-secure is supported by a listed set of resource properties only)"#
            }
            Rule::AmplifyUnknownPlatform => {
                r#"AWS CloudFormation: AWS::Amplify::App Platform allowed values"#
            }
            Rule::AmplifyUnknownStage => {
                r#"AWS CloudFormation: AWS::Amplify::Branch Stage allowed values"#
            }
            Rule::AmplifyDuplicateBranch => {
                r#"AWS CloudFormation: AWS::Amplify::Branch (a branch exists once per app)"#
            }
            Rule::AmplifyDomainUnknownBranch => {
                r#"AWS CloudFormation: AWS::Amplify::Domain SubDomainSettings BranchName"#
            }
            Rule::AmplifyDuplicateSubDomain => {
                r#"AWS CloudFormation: AWS::Amplify::Domain SubDomainSettings"#
            }
            Rule::AmplifyRedirectStatus => {
                r#"AWS docs: Amplify Hosting, using redirects (status codes)"#
            }
            Rule::AmplifyRepositoryUrl => r#"AWS CloudFormation: AWS::Amplify::App Repository"#,
            Rule::AmplifyUnknownMetric => {
                r#"AWS docs: Amplify Hosting, monitoring (the AWS/AmplifyHosting metrics)"#
            }
            Rule::AmplifyAlarmPeriod => r#"AWS CloudFormation: AWS::CloudWatch::Alarm Period"#,
            Rule::AmplifyEmptyName => {
                r#"AWS CloudFormation: AWS::Amplify::App, Branch and Domain name lengths"#
            }
            Rule::CognitoUnknownMfa => {
                r#"AWS CloudFormation: AWS::Cognito::UserPool MfaConfiguration allowed values"#
            }
            Rule::CognitoMfaNoFactor => r#"AWS CloudFormation: AWS::Cognito::UserPool EnabledMfas"#,
            Rule::CognitoSmsWithoutConfig => {
                r#"AWS CloudFormation: AWS::Cognito::UserPool SmsConfiguration"#
            }
            Rule::CognitoPasswordPolicy => {
                r#"AWS CloudFormation: AWS::Cognito::UserPool PasswordPolicy ranges"#
            }
            Rule::CognitoUnknownAttribute => {
                r#"AWS CloudFormation: AWS::Cognito::UserPool UsernameAttributes and AutoVerifiedAttributes allowed values"#
            }
            Rule::CognitoCallbackUrl => {
                r#"AWS CloudFormation: AWS::Cognito::UserPoolClient CallbackURLs"#
            }
            Rule::CognitoDomainPrefix => {
                r#"AWS CloudFormation: AWS::Cognito::UserPoolDomain Domain"#
            }
            Rule::CognitoUnknownOauthFlow => {
                r#"AWS CloudFormation: AWS::Cognito::UserPoolClient AllowedOAuthFlows and AllowedOAuthScopes"#
            }
            Rule::CognitoUnknownProvider => {
                r#"AWS CloudFormation: AWS::Cognito::UserPoolClient SupportedIdentityProviders"#
            }
            Rule::CognitoProviderDetails => {
                r#"AWS CloudFormation: AWS::Cognito::UserPoolIdentityProvider ProviderDetails"#
            }
        }
    }

    /// A lint: AWS accepts what it finds, so the user may change its level.
    pub fn is_lint(self) -> bool {
        self.level() != Level::Error
    }

    /// The rules that only `workflow!` checks, because they are about the Rust types it was
    /// given rather than the definition; their cases are ui tests (`workflow-macros/tests/ui/fail/typed/`).
    pub const MACRO_ONLY: &'static [Rule] = &[Rule::UntypedState];

    /// The rules of Amplify apps and Cognito user pools ([`crate::amplify`],
    /// [`crate::cognito`]) rather than of state machines; their cases are the unit tests of
    /// those modules.
    pub const AMPLIFY_AND_COGNITO: &'static [Rule] = &[
        Rule::LiteralSecret,
        Rule::SecretReferenceUnsupported,
        Rule::AmplifyUnknownPlatform,
        Rule::AmplifyUnknownStage,
        Rule::AmplifyDuplicateBranch,
        Rule::AmplifyDomainUnknownBranch,
        Rule::AmplifyDuplicateSubDomain,
        Rule::AmplifyRedirectStatus,
        Rule::AmplifyRepositoryUrl,
        Rule::AmplifyUnknownMetric,
        Rule::AmplifyAlarmPeriod,
        Rule::AmplifyEmptyName,
        Rule::CognitoUnknownMfa,
        Rule::CognitoMfaNoFactor,
        Rule::CognitoSmsWithoutConfig,
        Rule::CognitoPasswordPolicy,
        Rule::CognitoUnknownAttribute,
        Rule::CognitoCallbackUrl,
        Rule::CognitoDomainPrefix,
        Rule::CognitoUnknownOauthFlow,
        Rule::CognitoUnknownProvider,
        Rule::CognitoProviderDetails,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for rule in Rule::ALL {
            assert!(seen.insert(rule.code()), "duplicate code {}", rule.code());
            assert!(
                rule.code()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-')
            );
            assert_eq!(Rule::from_code(rule.code()), Some(*rule));
        }
    }
}
