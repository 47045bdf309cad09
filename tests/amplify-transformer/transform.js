#!/usr/bin/env node
// Transforms an Amplify SDL schema (`@model`, `@auth`, `@index`, `@hasMany`, …) read from
// stdin with Amplify's own GraphQL transformer, conflict resolution on, and prints the schema
// AppSync would be given (what `amplify add api` and the AmplifyGraphqlApi construct deploy).
//
//   node transform.js [--conflict AUTOMERGE|OPTIMISTIC_CONCURRENCY|LAMBDA|NONE]
//                     [--auth API_KEY,AMAZON_COGNITO_USER_POOLS,…] [--template FILE] < schema.graphql
//
// `--auth` lists the API's modes, the default first (API_KEY alone by default). `--conflict NONE`
// turns sync off. `--template FILE` also writes the synthesized CloudFormation (root stack and
// nested stacks) to FILE as JSON, to read its data sources and resolvers.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { App, Stack, NestedStack } = require('aws-cdk-lib');
const { executeTransform } = require('@aws-amplify/graphql-transformer');
const {
  constructDataSourceStrategies,
  DDB_AMPLIFY_MANAGED_DATASOURCE_STRATEGY,
} = require('@aws-amplify/graphql-transformer-core');

function args(argv) {
  const out = { conflict: 'AUTOMERGE', auth: ['API_KEY'], template: null };
  for (let i = 0; i < argv.length; i += 1) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--conflict':
        out.conflict = value;
        i += 1;
        break;
      case '--auth':
        out.auth = value.split(',').filter(Boolean);
        i += 1;
        break;
      case '--template':
        out.template = value;
        i += 1;
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return out;
}

// The transformer wants each mode's settings; the values only end up in the template.
function authEntry(mode) {
  switch (mode) {
    case 'API_KEY':
      return { authenticationType: mode, apiKeyConfig: { apiKeyExpirationDays: 7 } };
    case 'AMAZON_COGNITO_USER_POOLS':
      return { authenticationType: mode, userPoolConfig: { userPoolId: 'pool' } };
    case 'AWS_IAM':
      return { authenticationType: mode };
    case 'OPENID_CONNECT':
      return {
        authenticationType: mode,
        openIDConnectConfig: { name: 'oidc', issuerUrl: 'https://login.example.com' },
      };
    case 'AWS_LAMBDA':
      return {
        authenticationType: mode,
        lambdaAuthorizerConfig: { lambdaFunction: 'authorizer', ttlSeconds: 300 },
      };
    default:
      throw new Error(`unknown auth mode ${mode}`);
  }
}

function resolverConfig(conflict) {
  switch (conflict) {
    case 'NONE':
      return undefined;
    case 'LAMBDA':
      return {
        project: {
          ConflictDetection: 'VERSION',
          ConflictHandler: 'LAMBDA',
          LambdaConflictHandler: { name: 'conflictHandler' },
        },
      };
    case 'AUTOMERGE':
    case 'OPTIMISTIC_CONCURRENCY':
      return { project: { ConflictDetection: 'VERSION', ConflictHandler: conflict } };
    default:
      throw new Error(`unknown conflict handler ${conflict}`);
  }
}

function main() {
  const options = args(process.argv.slice(2));
  const schema = fs.readFileSync(0, 'utf8');
  const assets = new Map();
  const assetDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amplify-transformer-'));
  const app = new App({ outdir: assetDir });
  const scope = new Stack(app, 'Api');
  const [primary, ...additional] = options.auth;
  executeTransform({
    scope,
    nestedStackProvider: { provide: (parent, name) => new NestedStack(parent, name) },
    // Assets are kept in memory: the schema is one of them, resolver templates the others.
    assetProvider: {
      provide: (_scope, _id, props) => {
        assets.set(props.fileName, props.fileContent);
        const key = `assets/${props.fileName}`;
        return {
          s3BucketName: 'assets',
          s3ObjectKey: key,
          s3ObjectUrl: `s3://assets/${key}`,
          httpUrl: `https://assets.s3.amazonaws.com/${key}`,
        };
      },
    },
    synthParameters: {
      amplifyEnvironmentName: 'test',
      apiName: 'api',
      userPoolId: 'pool',
      authenticatedUserRoleName: 'authRole',
      unauthenticatedUserRoleName: 'unauthRole',
    },
    schema,
    authConfig: {
      defaultAuthentication: authEntry(primary),
      additionalAuthenticationProviders: additional.map(authEntry),
    },
    resolverConfig: resolverConfig(options.conflict),
    transformersFactoryArgs: {},
    transformParameters: {
      shouldDeepMergeDirectiveConfigDefaults: true,
      disableResolverDeduping: true,
      sandboxModeEnabled: false,
      allowDestructiveGraphqlSchemaUpdates: false,
      replaceTableUponGsiUpdate: false,
      allowGen1Patterns: true,
      useSubUsernameForDefaultIdentityClaim: true,
      populateOwnerFieldForStaticGroupAuth: true,
      suppressApiKeyGeneration: false,
      subscriptionsInheritPrimaryAuth: false,
      secondaryKeyAsGSI: true,
      enableAutoIndexQueryNames: true,
      respectPrimaryKeyAttributesOnConnectionField: true,
      enableSearchNodeToNodeEncryption: false,
      enableSearchEncryptionAtRest: false,
      enableTransformerCfnOutputs: true,
    },
    dataSourceStrategies: constructDataSourceStrategies(
      schema,
      DDB_AMPLIFY_MANAGED_DATASOURCE_STRATEGY,
    ),
    printTransformerLog: (log) => {
      if (log.level === 'ERROR') {
        process.stderr.write(`${log.message}\n`);
      }
    },
  });
  // The schema asset is produced lazily, when the stack is synthesized.
  const assembly = app.synth();
  if (options.template) {
    const templates = {};
    for (const file of fs.readdirSync(assembly.directory)) {
      if (file.endsWith('.template.json')) {
        templates[file] = JSON.parse(fs.readFileSync(path.join(assembly.directory, file), 'utf8'));
      }
    }
    fs.writeFileSync(options.template, JSON.stringify(templates, null, 1));
  }
  fs.rmSync(assetDir, { recursive: true, force: true });
  const output = assets.get('schema.graphql');
  if (output === undefined) {
    throw new Error('the transformer produced no schema');
  }
  process.stdout.write(output);
}

main();
