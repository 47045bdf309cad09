//! The plain-text secret scanner of the template tests (`tests/common/secrets.rs`) finds what
//! it should and passes references.

#[allow(dead_code)]
mod common;

use common::secrets::assert_no_plaintext_secrets;

#[test]
fn references_pass() {
    let template = r#"{"Resources": {"Db": {"Properties": {
        "AwsSecretStoreArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db",
        "MasterUserPassword": "{{resolve:secretsmanager:db:SecretString:password}}",
        "AccessToken": {"Ref": "TokenParameter"},
        "TaskToken.$": "$$.Task.Token",
        "ClientSecret": "${ClientSecretArn}",
        "AuthenticationType": "API_KEY"
    }}}}"#;
    assert_no_plaintext_secrets("template.json", template);
}

#[test]
#[should_panic(expected = "/Resources/App/Properties/AccessToken is a literal value")]
fn a_literal_token_fails() {
    let template = r#"{"Resources": {"App": {"Properties": {"AccessToken": "abc123"}}}}"#;
    assert_no_plaintext_secrets("template.json", template);
}

#[test]
#[should_panic(expected = "a token in the AKIA… credential format")]
fn an_access_key_id_in_any_file_fails() {
    assert_no_plaintext_secrets("amplify.yml", "env:\n  KEY: AKIAABCDEFGHIJKLMNOP\n");
}

#[test]
#[should_panic(expected = "line 2: the member `Password` is a literal value")]
fn a_literal_password_in_yaml_fails() {
    assert_no_plaintext_secrets("template.yaml", "BasicAuth:\n  Password: hunter2hunter2\n");
}

#[test]
fn references_and_settings_in_yaml_pass() {
    let yaml = "Password: '{{resolve:secretsmanager:web:SecretString:password}}'\nTaskToken.$: $$.Task.Token\nTemporaryPasswordValidityDays: 3\nSecretId: orders/key\nAccessToken: !Ref Token\nClientSecret:\n  Ref: Secret\n";
    assert_no_plaintext_secrets("template.yaml", yaml);
}

#[test]
#[should_panic(expected = "a PEM private key")]
fn a_private_key_fails() {
    let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n";
    assert_no_plaintext_secrets("key.txt", pem);
}
