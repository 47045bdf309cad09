// Query.orders: a page of orders, from the orders table.
import * as ddb from '@aws-appsync/utils/dynamodb';

export function request(ctx) {
  return ddb.scan({ limit: ctx.args.limit ?? 20 });
}

export function response(ctx) {
  return ctx.result.items;
}
