/**
 * The original design's CREATE_BOOKING body carries customerId and customerEmail. Identity comes from the verified
 * token: the fields are ignored when they name the caller and refused (403, nothing written) when they name someone
 * else. The handlers are the production ones (lib/local/functions.ts) against DynamoDB Local and the Stripe emulator.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingRecord } from '../../../lib/data/records';
import { DEMO_USERS } from '../../../lib/local/seed';
import { firstFreeSlot, startTestStack, type TestStack } from '../support/local-stack';

const PORTRAIT = 'svc_demo_portrait';
const [CUSTOMER] = DEMO_USERS;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack('identity-fields');
});
afterAll(async () => {
  await stack?.close();
});

const bookingsAt = async (startDateTime: string) =>
  ((
    await stack.deps.db.send(
      new QueryCommand({
        TableName: stack.tables.Booking,
        IndexName: 'byService',
        KeyConditionExpression: 'serviceId = :s AND startDateTime = :t',
        ExpressionAttributeValues: { ':s': PORTRAIT, ':t': startDateTime },
        ConsistentRead: false,
      }),
    )
  ).Items ?? []) as BookingRecord[];

describe('identity fields in a CREATE_BOOKING body', () => {
  it("accepts the caller's own customerId and customerEmail and books for the caller", async () => {
    const slot = await firstFreeSlot(stack, PORTRAIT, 0);
    const res = await stack.booking<{ bookingId: string }>(
      'CREATE_BOOKING',
      { serviceId: PORTRAIT, ...slot, groupSize: 1, customerId: CUSTOMER.userId, customerEmail: CUSTOMER.email.toUpperCase() },
      stack.customerToken,
    );
    expect(res.status).toBe(200);
    const stored = await bookingsAt(slot.startDateTime);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: res.body.bookingId, customerId: CUSTOMER.userId });
  });

  it.each([
    ['customerId', { customerId: 'user_someone_else' }],
    ['customerEmail', { customerEmail: 'someone.else@example.com' }],
    ['customerId and customerEmail', { customerId: 'user_someone_else', customerEmail: 'someone.else@example.com' }],
    ["the caller's id with someone else's email", { customerId: CUSTOMER.userId, customerEmail: 'someone.else@example.com' }],
  ])("refuses someone else's %s with 403 and writes nothing, also when the request is sent again", async (_label, named) => {
    const slot = await firstFreeSlot(stack, PORTRAIT, 1);
    const body = { serviceId: PORTRAIT, ...slot, groupSize: 1, ...named };
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await stack.booking<{ code: string }>('CREATE_BOOKING', body, stack.customerToken);
      expect(res).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    }
    expect(await bookingsAt(slot.startDateTime)).toEqual([]);
    // the slot is still free: nothing was held
    expect((await firstFreeSlot(stack, PORTRAIT, 1)).startDateTime).toBe(slot.startDateTime);
  });

  it('refuses an identity field from an anonymous caller as a 401 first (the action needs a login)', async () => {
    const slot = await firstFreeSlot(stack, PORTRAIT, 1);
    const res = await stack.booking('CREATE_BOOKING', { serviceId: PORTRAIT, ...slot, groupSize: 1, customerId: CUSTOMER.userId });
    expect(res.status).toBe(401);
  });
});
