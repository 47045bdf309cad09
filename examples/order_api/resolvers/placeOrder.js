// Mutation.placeOrder: starts the order-fulfillment workflow (which saves the order) and
// returns the order as placed; subscribers of onOrderPlaced receive it.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const order = { id: util.autoId(), ...ctx.args.input, status: 'received', placedAt: util.time.nowISO8601() };
  ctx.stash.order = order;
  return {
    method: 'POST',
    resourcePath: '/',
    params: {
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.StartExecution',
      },
      body: JSON.stringify({
        stateMachineArn: ctx.env.FulfillmentStateMachineArn,
        name: order.id,
        input: JSON.stringify(order),
      }),
    },
  };
}

export function response(ctx) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  if (ctx.result.statusCode !== 200) {
    util.error(ctx.result.body, 'StartExecutionFailed');
  }
  return ctx.stash.order;
}
