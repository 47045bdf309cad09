//! Amplify Hosting apps: a front end built from a Git repository, its branches, custom domain,
//! redirects and rewrites, custom headers, password protection, build specification
//! (`amplify.yml`) and monitoring.
//!
//! The pipeline is the one of the whole crate: build an [`AmplifyApp`] (with this builder, the
//! `amplify_app!` macro, or [`AmplifyApp::from_declaration`]), [`validate`] it (every
//! [`Diagnostic`] at once, with stable codes listed in `docs/rules.md`), then turn the
//! [`Validated`] app into a [`StackPart`](crate::template::StackPart) for
//! [`App::part`](crate::template::App::part). It writes these resources:
//!
//! | resource (logical id) | type |
//! |---|---|
//! | `<App>Role` (with [`AmplifyApp::service_role_created`]) | `AWS::IAM::Role` |
//! | `<App>` | `AWS::Amplify::App` |
//! | `<App>Branch<Name>` per branch | `AWS::Amplify::Branch` |
//! | `<App>Domain` (with [`AmplifyApp::domain`]) | `AWS::Amplify::Domain` |
//! | `<App>AlarmTopic` (with an alarm and no [`Monitoring::action`]) | `AWS::SNS::Topic` |
//! | `<App>Alarm<Metric>` per alarm | `AWS::CloudWatch::Alarm` |
//!
//! and `amplify.yml` beside the template. Secrets (the repository access token, basic-auth
//! passwords) appear in the template only as `{{resolve:secretsmanager:…}}` references.
//!
//! ```
//! use workflow_core::amplify::*;
//! use workflow_core::template::App;
//!
//! let app = AmplifyApp::new("OrderWeb", "order-web")
//!     .repository("https://github.com/example/order-web")
//!     .access_token(SecretRef::secrets_manager("github/order-web").json_key("token"))
//!     .platform(Platform::Web)
//!     .branch(Branch::new("main").stage(Stage::Production))
//!     .branch(
//!         Branch::new("dev")
//!             .stage(Stage::Development)
//!             .basic_auth("team", SecretRef::secrets_manager("order-web/dev").json_key("password")),
//!     )
//!     .domain(Domain::new("example.com").sub_domain("", "main").sub_domain("dev", "dev"))
//!     .custom_rule(CustomRule::new("/old", "/new", "301"))
//!     .build_spec(BuildSpec::new().build(["npm ci", "npm run build"]).artifacts("dist", ["**/*"]));
//! let part = validate(&app).unwrap().into_part();
//! let template = App::new().part(part).to_template().unwrap();
//! assert_eq!(
//!     template.resource_ids(),
//!     ["OrderWeb", "OrderWebBranchMain", "OrderWebBranchDev", "OrderWebDomain"]
//! );
//! assert_eq!(template.files()[0].0, "amplify.yml");
//!
//! // A sub-domain for a branch the app does not have is an error, with a suggestion.
//! let wrong = app.clone().domain(Domain::new("example.com").sub_domain("www", "mian"));
//! let diagnostics = validate(&wrong).unwrap_err();
//! assert_eq!(diagnostics[0].code(), "amplify-domain-unknown-branch");
//! assert_eq!(diagnostics[0].help.as_deref(), Some("did you mean `main`?"));
//! ```

pub(crate) mod render;
#[cfg(test)]
mod tests;
pub(crate) mod validate;

pub use super::secret::{Secret, SecretRef};
pub use render::AmplifyPart;
pub use validate::{Validated, validate};

use crate::template::Value;
use serde::{Deserialize, Serialize};

/// An Amplify Hosting app (`AWS::Amplify::App`) and everything that belongs to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AmplifyApp {
    /// The logical id of the `AWS::Amplify::App` resource; the other ids start with it.
    pub id: String,
    /// The app's name in the Amplify console.
    pub name: String,
    pub description: Option<String>,
    /// The HTTPS URL of the Git repository.
    pub repository: Option<String>,
    /// The personal access token Amplify reads the repository with.
    pub access_token: Option<Secret>,
    /// `WEB` (static) or `WEB_COMPUTE` (server-side rendering); see [`Platform`].
    pub platform: String,
    /// The IAM service role Amplify assumes.
    pub service_role: ServiceRole,
    /// Environment variables of every branch.
    pub environment: Vec<EnvironmentVariable>,
    pub branches: Vec<Branch>,
    pub domain: Option<Domain>,
    /// Redirects and rewrites, in the order Amplify applies them.
    pub custom_rules: Vec<CustomRule>,
    /// Response headers per URL pattern (Amplify's `customHttp.yml`).
    pub custom_headers: Vec<CustomHeader>,
    pub build_spec: Option<BuildSpec>,
    pub monitoring: Option<Monitoring>,
}

/// The platform of an app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Static web hosting.
    Web,
    /// Server-side rendered apps (Next.js, Nuxt, …) with compute.
    WebCompute,
}

impl Platform {
    /// Every platform, as CloudFormation names it.
    pub const NAMES: &'static [&'static str] = &["WEB", "WEB_COMPUTE"];

    /// The CloudFormation name (`WEB`, `WEB_COMPUTE`).
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Web => "WEB",
            Platform::WebCompute => "WEB_COMPUTE",
        }
    }
}

impl From<Platform> for String {
    fn from(p: Platform) -> String {
        p.as_str().to_string()
    }
}

/// The stage of a branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Production,
    Beta,
    Development,
    Experimental,
    PullRequest,
}

impl Stage {
    /// Every stage, as CloudFormation names it.
    pub const NAMES: &'static [&'static str] = &[
        "PRODUCTION",
        "BETA",
        "DEVELOPMENT",
        "EXPERIMENTAL",
        "PULL_REQUEST",
    ];

    /// The CloudFormation name (`PRODUCTION`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Production => "PRODUCTION",
            Stage::Beta => "BETA",
            Stage::Development => "DEVELOPMENT",
            Stage::Experimental => "EXPERIMENTAL",
            Stage::PullRequest => "PULL_REQUEST",
        }
    }
}

impl From<Stage> for String {
    fn from(s: Stage) -> String {
        s.as_str().to_string()
    }
}

/// The IAM service role of an app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ServiceRole {
    /// No role.
    None,
    /// A role of the stack, `<App>Role`, that Amplify may assume for this account, allowed to
    /// write the app's logs under `/aws/amplify/`.
    Created,
    /// An existing role, by ARN.
    Arn(#[serde(with = "value_serde")] Value),
}

/// An environment variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnvironmentVariable {
    pub name: String,
    #[serde(with = "value_serde")]
    pub value: Value,
}

/// A branch of the repository that Amplify builds and hosts (`AWS::Amplify::Branch`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Branch {
    /// The Git branch.
    pub name: String,
    /// See [`Stage`].
    pub stage: Option<String>,
    /// A framework name shown in the console (e.g. `React`, `Next.js - SSR`).
    pub framework: Option<String>,
    pub auto_build: bool,
    pub pull_request_preview: bool,
    pub environment: Vec<EnvironmentVariable>,
    pub basic_auth: Option<BasicAuth>,
}

/// Password protection of a branch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BasicAuth {
    pub username: String,
    pub password: Secret,
}

/// A custom domain and the branch each of its sub-domains serves (`AWS::Amplify::Domain`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    pub name: String,
    /// `(prefix, branch)`: the empty prefix is the apex domain.
    pub sub_domains: Vec<SubDomain>,
}

/// A sub-domain of a [`Domain`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubDomain {
    /// The prefix (`www`, `dev`); empty for the domain itself.
    pub prefix: String,
    /// A branch of the app.
    pub branch: String,
}

/// A redirect or rewrite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomRule {
    /// The address (or `</regex/>`) the rule matches.
    pub source: String,
    pub target: String,
    /// `200` (rewrite), `301`, `302`, `404` or `404-200`.
    pub status: String,
    /// A country-code condition, e.g. `<US>`.
    pub condition: Option<String>,
}

/// Response headers for the paths matching `pattern`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomHeader {
    pub pattern: String,
    /// `(header, value)` in order.
    pub headers: Vec<(String, String)>,
}

/// The build specification written as `amplify.yml`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BuildSpec {
    pub pre_build: Vec<String>,
    pub build: Vec<String>,
    /// The folder the build writes the site to.
    pub base_directory: String,
    /// The files of the site (globs).
    pub files: Vec<String>,
    /// Paths kept between builds.
    pub cache: Vec<String>,
    /// The end-to-end test phase.
    pub test: Option<TestPhase>,
}

/// The `test` phase of `amplify.yml`: end-to-end tests (Cypress) and their report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestPhase {
    pub pre_test: Vec<String>,
    pub test: Vec<String>,
    pub post_test: Vec<String>,
    /// The folder of the test artifacts (`cypress`).
    pub base_directory: String,
    /// The report Amplify shows (`**/mochawesome.json`).
    pub config_file_path: String,
    /// Screenshots and videos kept (`**/*.png`, `**/*.mp4`).
    pub files: Vec<String>,
}

/// CloudWatch alarms on the app's `AWS/AmplifyHosting` metrics.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Monitoring {
    pub alarms: Vec<Alarm>,
    /// Where alarms notify (an SNS topic ARN); a topic of the stack is created when absent.
    #[serde(with = "value_serde::option")]
    pub action: Option<Value>,
}

/// An alarm when a metric's sum (or, for `Latency`, average) over `period_seconds` reaches
/// `threshold`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alarm {
    /// One of [`Alarm::METRICS`].
    pub metric: String,
    pub threshold: u32,
    pub period_seconds: u32,
    pub evaluation_periods: u32,
}

impl Alarm {
    /// The metrics of `AWS/AmplifyHosting`, per app.
    pub const METRICS: &'static [&'static str] = &[
        "Requests",
        "BytesDownloaded",
        "BytesUploaded",
        "4xxErrors",
        "5xxErrors",
        "Latency",
    ];

    /// An alarm on `metric` at `threshold`, over one period of 5 minutes.
    pub fn new(metric: impl Into<String>, threshold: u32) -> Alarm {
        Alarm {
            metric: metric.into(),
            threshold,
            period_seconds: 300,
            evaluation_periods: 1,
        }
    }

    /// The period in seconds (60 or a multiple of 60).
    pub fn period_seconds(mut self, seconds: u32) -> Alarm {
        self.period_seconds = seconds;
        self
    }

    /// How many periods in a row the threshold must be reached.
    pub fn evaluation_periods(mut self, periods: u32) -> Alarm {
        self.evaluation_periods = periods;
        self
    }
}

impl AmplifyApp {
    /// An app with logical id `id` and console name `name`, platform `WEB`, no branch.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> AmplifyApp {
        AmplifyApp {
            id: id.into(),
            name: name.into(),
            description: None,
            repository: None,
            access_token: None,
            platform: Platform::Web.into(),
            service_role: ServiceRole::None,
            environment: Vec::new(),
            branches: Vec::new(),
            domain: None,
            custom_rules: Vec::new(),
            custom_headers: Vec::new(),
            build_spec: None,
            monitoring: None,
        }
    }

    /// Reads the JSON form of an app (the one [`AmplifyApp::to_declaration`] writes).
    ///
    /// # Errors
    ///
    /// When the text is not that form.
    pub fn from_declaration(json: &str) -> Result<AmplifyApp, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The app as JSON, read back by [`AmplifyApp::from_declaration`].
    pub fn to_declaration(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn description(mut self, text: impl Into<String>) -> AmplifyApp {
        self.description = Some(text.into());
        self
    }

    /// The HTTPS URL of the Git repository.
    pub fn repository(mut self, url: impl Into<String>) -> AmplifyApp {
        self.repository = Some(url.into());
        self
    }

    /// The access token to the repository: a [`SecretRef`] (a literal is reported).
    pub fn access_token(mut self, token: impl Into<Secret>) -> AmplifyApp {
        self.access_token = Some(token.into());
        self
    }

    /// `WEB` or `WEB_COMPUTE` ([`Platform`] or its name).
    pub fn platform(mut self, platform: impl Into<String>) -> AmplifyApp {
        self.platform = platform.into();
        self
    }

    /// Creates the service role `<App>Role` (see [`ServiceRole::Created`]).
    pub fn service_role_created(mut self) -> AmplifyApp {
        self.service_role = ServiceRole::Created;
        self
    }

    /// Uses an existing service role.
    pub fn service_role_arn(mut self, arn: impl Into<Value>) -> AmplifyApp {
        self.service_role = ServiceRole::Arn(arn.into());
        self
    }

    /// An environment variable of every branch, e.g. a user pool id
    /// ([`UserPool::user_pool_id`](crate::cognito::UserPool::user_pool_id)).
    pub fn environment(mut self, name: impl Into<String>, value: impl Into<Value>) -> AmplifyApp {
        self.environment.push(EnvironmentVariable {
            name: name.into(),
            value: value.into(),
        });
        self
    }

    pub fn branch(mut self, branch: Branch) -> AmplifyApp {
        self.branches.push(branch);
        self
    }

    pub fn domain(mut self, domain: Domain) -> AmplifyApp {
        self.domain = Some(domain);
        self
    }

    pub fn custom_rule(mut self, rule: CustomRule) -> AmplifyApp {
        self.custom_rules.push(rule);
        self
    }

    pub fn custom_header(mut self, header: CustomHeader) -> AmplifyApp {
        self.custom_headers.push(header);
        self
    }

    pub fn build_spec(mut self, spec: BuildSpec) -> AmplifyApp {
        self.build_spec = Some(spec);
        self
    }

    pub fn monitoring(mut self, monitoring: Monitoring) -> AmplifyApp {
        self.monitoring = Some(monitoring);
        self
    }
}

impl Branch {
    /// The Git branch `name`, built on every push, without pull-request previews.
    pub fn new(name: impl Into<String>) -> Branch {
        Branch {
            name: name.into(),
            stage: None,
            framework: None,
            auto_build: true,
            pull_request_preview: false,
            environment: Vec::new(),
            basic_auth: None,
        }
    }

    /// [`Stage`] or its name.
    pub fn stage(mut self, stage: impl Into<String>) -> Branch {
        self.stage = Some(stage.into());
        self
    }

    pub fn framework(mut self, framework: impl Into<String>) -> Branch {
        self.framework = Some(framework.into());
        self
    }

    pub fn auto_build(mut self, enabled: bool) -> Branch {
        self.auto_build = enabled;
        self
    }

    pub fn pull_request_preview(mut self, enabled: bool) -> Branch {
        self.pull_request_preview = enabled;
        self
    }

    pub fn environment(mut self, name: impl Into<String>, value: impl Into<Value>) -> Branch {
        self.environment.push(EnvironmentVariable {
            name: name.into(),
            value: value.into(),
        });
        self
    }

    /// Password protection; the password is a [`SecretRef`] (a literal is reported).
    pub fn basic_auth(
        mut self,
        username: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Branch {
        self.basic_auth = Some(BasicAuth {
            username: username.into(),
            password: password.into(),
        });
        self
    }
}

impl Domain {
    pub fn new(name: impl Into<String>) -> Domain {
        Domain {
            name: name.into(),
            sub_domains: Vec::new(),
        }
    }

    /// Serves `branch` at `prefix` (empty for the domain itself).
    pub fn sub_domain(mut self, prefix: impl Into<String>, branch: impl Into<String>) -> Domain {
        self.sub_domains.push(SubDomain {
            prefix: prefix.into(),
            branch: branch.into(),
        });
        self
    }
}

impl CustomRule {
    /// The allowed statuses: rewrite, permanent and temporary redirect, not found, and
    /// not found served with status 200.
    pub const STATUSES: &'static [&'static str] = &["200", "301", "302", "404", "404-200"];

    pub fn new(
        source: impl Into<String>,
        target: impl Into<String>,
        status: impl Into<String>,
    ) -> CustomRule {
        CustomRule {
            source: source.into(),
            target: target.into(),
            status: status.into(),
            condition: None,
        }
    }

    pub fn condition(mut self, condition: impl Into<String>) -> CustomRule {
        self.condition = Some(condition.into());
        self
    }
}

impl CustomHeader {
    pub fn new(pattern: impl Into<String>) -> CustomHeader {
        CustomHeader {
            pattern: pattern.into(),
            headers: Vec::new(),
        }
    }

    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> CustomHeader {
        self.headers.push((name.into(), value.into()));
        self
    }
}

impl BuildSpec {
    /// An empty build specification (no command, site at the repository root).
    pub fn new() -> BuildSpec {
        BuildSpec {
            base_directory: "/".to_string(),
            files: vec!["**/*".to_string()],
            ..BuildSpec::default()
        }
    }

    pub fn pre_build<S: Into<String>>(
        mut self,
        commands: impl IntoIterator<Item = S>,
    ) -> BuildSpec {
        self.pre_build = commands.into_iter().map(Into::into).collect();
        self
    }

    pub fn build<S: Into<String>>(mut self, commands: impl IntoIterator<Item = S>) -> BuildSpec {
        self.build = commands.into_iter().map(Into::into).collect();
        self
    }

    pub fn artifacts<S: Into<String>>(
        mut self,
        base_directory: impl Into<String>,
        files: impl IntoIterator<Item = S>,
    ) -> BuildSpec {
        self.base_directory = base_directory.into();
        self.files = files.into_iter().map(Into::into).collect();
        self
    }

    pub fn cache<S: Into<String>>(mut self, paths: impl IntoIterator<Item = S>) -> BuildSpec {
        self.cache = paths.into_iter().map(Into::into).collect();
        self
    }

    pub fn test(mut self, test: TestPhase) -> BuildSpec {
        self.test = Some(test);
        self
    }
}

impl TestPhase {
    /// Cypress end-to-end tests as Amplify documents them: `npm ci` and the mochawesome
    /// reporter first, then `test` (e.g. `npx cypress run --reporter mochawesome …`), then the
    /// report merged into `cypress/report/mochawesome-report/mochawesome.json`; screenshots and
    /// videos kept.
    pub fn cypress<S: Into<String>>(test: impl IntoIterator<Item = S>) -> TestPhase {
        TestPhase {
            pre_test: vec![
                "npm ci".to_string(),
                "npm install -g pm2".to_string(),
                "npm install -g wait-on".to_string(),
                "npm install mocha mochawesome mochawesome-merge mochawesome-report-generator".to_string(),
                "pm2 start npm -- start".to_string(),
                "wait-on http://localhost:3000".to_string(),
            ],
            test: test.into_iter().map(Into::into).collect(),
            post_test: vec![
                "npx mochawesome-merge cypress/report/mochawesome-report/mochawesome*.json > cypress/report/mochawesome.json".to_string(),
                "pm2 kill".to_string(),
            ],
            base_directory: "cypress".to_string(),
            config_file_path: "**/mochawesome.json".to_string(),
            files: vec!["**/*.png".to_string(), "**/*.mp4".to_string()],
        }
    }
}

impl Monitoring {
    /// No alarm yet; alarms notify a topic of the stack.
    pub fn new() -> Monitoring {
        Monitoring::default()
    }

    pub fn alarm(mut self, alarm: Alarm) -> Monitoring {
        self.alarms.push(alarm);
        self
    }

    /// Notifies this SNS topic ARN instead of a topic of the stack.
    pub fn action(mut self, topic_arn: impl Into<Value>) -> Monitoring {
        self.action = Some(topic_arn.into());
        self
    }
}

/// The JSON form of a template [`Value`]: a string for a literal, the intrinsic's object
/// otherwise.
pub(crate) mod value_serde {
    use crate::template::Value;
    use crate::tree::Tree;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(value: &Value, s: S) -> Result<S::Ok, S::Error> {
        value.to_tree().to_value().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        Ok(from_json(serde_json::Value::deserialize(d)?))
    }

    fn from_json(json: serde_json::Value) -> Value {
        use serde_json::Value as J;
        if let J::Object(members) = &json
            && members.len() == 1
        {
            match members.iter().next() {
                Some((k, J::String(name))) if k == "Ref" => return Value::Ref(name.clone()),
                Some((k, J::String(text))) if k == "Fn::Sub" => return Value::Sub(text.clone()),
                Some((k, J::Array(pair))) if k == "Fn::GetAtt" && pair.len() == 2 => {
                    if let (J::String(id), J::String(attr)) = (&pair[0], &pair[1]) {
                        return Value::GetAtt(id.clone(), attr.clone());
                    }
                }
                _ => {}
            }
        }
        match json {
            J::String(s) => Value::Literal(s),
            other => Value::Intrinsic(Tree::from(other)),
        }
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(value: &Option<Value>, s: S) -> Result<S::Ok, S::Error> {
            value.as_ref().map(|v| v.to_tree().to_value()).serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
            Ok(Option::<serde_json::Value>::deserialize(d)?.map(from_json))
        }
    }
}
