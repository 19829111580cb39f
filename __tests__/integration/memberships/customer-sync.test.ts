import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { modelFields } from '../../../lib/data/items';
import { startTestStack, type TestStack } from '../support/local-stack';
import { connect, deliver, eventsOf, newUser, requestId } from '../customers/support';
import { customerRecord } from './support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('membership-customer-sync');
});
afterAll(async () => stack?.close());

const ofCustomer = (id: string) => (o: Record<string, unknown>) => o.id === id;

describe('the Customer record follows the Stripe customer', () => {
  it('created with the profile’s name, active; customer.updated renames it; customer.deleted makes it inactive, in any order, once', async () => {
    const user = newUser(stack, 'named');
    const profile = {
      ...modelFields('UserProfile', user.userId, new Date()),
      owner: user.userId,
      email: user.email,
      displayName: 'Ada Lovelace',
    };
    await stack.deps.db.send(new PutCommand({ TableName: stack.tables.UserProfile, Item: profile }));
    expect((await connect(stack, 'CREATE_SETUP_INTENT', { requestId: requestId() }, user.token)).status).toBe(200);
    const created = await customerRecord(stack, user.userId);
    expect(created).toMatchObject({ name: 'Ada Lovelace', isActive: true });
    const customerId = created!.stripeCustomerId!;
    expect((await stack.deps.stripe.customers.retrieve(customerId)) as unknown).toMatchObject({ name: 'Ada Lovelace' });

    await stack.deps.stripe.customers.update(customerId, { name: 'Ada King' });
    await stack.emulator.flushWebhooks();
    expect(await customerRecord(stack, user.userId)).toMatchObject({ name: 'Ada King', isActive: true });
    const updated = await eventsOf(stack, 'customer.updated', ofCustomer(customerId));
    expect(updated).toHaveLength(1);
    expect((await deliver(stack, updated[0]!)).outcome).toBe('duplicate');
    expect((await deliver(stack, updated[0]!, `${updated[0]!.id}_again`)).status).toBe(200);
    expect(await customerRecord(stack, user.userId)).toMatchObject({ name: 'Ada King', isActive: true });

    await stack.deps.stripe.customers.del(customerId);
    await stack.emulator.flushWebhooks();
    expect(await customerRecord(stack, user.userId)).toMatchObject({ name: 'Ada King', isActive: false });
    const deleted = await eventsOf(stack, 'customer.deleted', ofCustomer(customerId));
    expect(deleted).toHaveLength(1);
    expect((await deliver(stack, deleted[0]!)).outcome).toBe('duplicate');
    // The older customer.updated arriving late (re-sent under a new id) does not bring it back.
    expect((await deliver(stack, updated[0]!, `${updated[0]!.id}_late`)).status).toBe(200);
    expect(await customerRecord(stack, user.userId)).toMatchObject({ isActive: false });
  });

  it('a customer event of a Stripe customer that is no user’s here is acknowledged and ignored', async () => {
    const stranger = await stack.deps.stripe.customers.create({ email: 'stranger@example.com', name: 'Stranger' });
    await stack.emulator.flushWebhooks();
    await stack.deps.stripe.customers.update(stranger.id, { name: 'Still a stranger' });
    const [event] = await eventsOf(stack, 'customer.updated', ofCustomer(stranger.id));
    expect(await deliver(stack, event!, `${event!.id}_direct`)).toMatchObject({ status: 200, outcome: 'ignored' });
  });
});
