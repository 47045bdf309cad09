// Runs generated model resolvers (APPSYNC_JS) in node against a stand-in of AppSync's `util`,
// as callers of each auth mode, and prints one verdict per case: what the handler returned, or
// `unauthorized`. Usage: node check.mjs <folder with Get.mjs, Update.mjs, Create.mjs>.
class Unauthorized extends Error {}

let authType = 'User Pool Authorization';
globalThis.util = {
  authType: () => authType,
  unauthorized() {
    throw new Unauthorized();
  },
  error(message) {
    throw new Error(message);
  },
  autoId: () => 'new-id',
  time: { nowISO8601: () => '2026-01-01T00:00:00Z' },
  // Attribute values stay plain: the verdicts read the request's shape, not DynamoDB's types.
  dynamodb: { toMapValues: (o) => o },
  transform: {
    toDynamoDBConditionExpression: (c) => JSON.stringify(c),
    toDynamoDBFilterExpression: (f) => JSON.stringify(f),
  },
};
globalThis.runtime = { earlyReturn: (v) => v };

const dir = process.argv[2];
const get = await import(`${dir}/Get.mjs`);
const update = await import(`${dir}/Update.mjs`);
const create = await import(`${dir}/Create.mjs`);

const user = (name, groups = []) => ({ identity: { sub: `sub-${name}`, username: name, groups } });
const item = { id: '1', author: 'sub-alice::alice' };
const cases = [
  ['User Pool Authorization', 'the owner reads', () => get.response({ ...user('alice'), result: item })],
  ['User Pool Authorization', 'another user reads', () => get.response({ ...user('eve'), result: item })],
  ['User Pool Authorization', 'an Admin reads', () => get.response({ ...user('bob', ['Admin']), result: item })],
  ['API Key Authorization', 'the public reads', () => get.response({ identity: null, result: item })],
  ['API Key Authorization', 'the public updates', () => update.request({ identity: null, args: { input: { id: '1' } } })],
  ['User Pool Authorization', 'the owner updates', () => update.request({ ...user('alice'), args: { input: { id: '1', text: 'x', _version: 3 } } }).condition],
  ['User Pool Authorization', 'an Admin updates', () => update.request({ ...user('bob', ['Admin']), args: { input: { id: '1', _version: 3 } } }).condition],
  ['User Pool Authorization', 'a user creates', () => create.request({ ...user('alice'), args: { input: { rating: 5 } } }).attributeValues.author],
  ['User Pool Authorization', 'a user creates for another', () => create.request({ ...user('eve'), args: { input: { rating: 5, author: 'sub-alice::alice' } } })],
];
for (const [type, name, run] of cases) {
  authType = type;
  let verdict;
  try {
    verdict = JSON.stringify(run());
  } catch (e) {
    verdict = e instanceof Unauthorized ? 'unauthorized' : `error ${e.message}`;
  }
  console.log(`${name}: ${verdict}`);
}
