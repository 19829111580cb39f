import { randomUUID } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPurchaseItems, purchaseTransitionItems } from '../../../lib/data/credit-purchase-writes';
import { creditChangeItems } from '../../../lib/data/credit-writes';
import { modelFields } from '../../../lib/data/items';
import { ledgerLineItems, ledgerRecord } from '../../../lib/data/ledger-writer';
import type { CreditPurchaseRecord } from '../../../lib/data/records';
import { localTableNames, type TableNames } from '../../../lib/data/tables';
import { transactWrite } from '../../../lib/data/transact';
import { ensureTables } from '../../../lib/local/tables';
import { testDynamoClients } from '../../setup/dynamo';
import { eventsProblemsOf } from '../../setup/events-check';

/**
 * The after-file events check reads real tables and names each change that skipped its event. These tables are made
 * with ensureTables directly (not createIsolatedTables), so the planted changes do not fail this file's own check.
 */
const clients = testDynamoClients();
let tables: TableNames;
let deps: { db: typeof clients.doc; tables: TableNames };

beforeAll(async () => {
  tables = localTableNames(`eventscheck-${randomUUID().slice(0, 8)}`);
  await ensureTables(clients.client, tables);
  deps = { db: clients.doc, tables };
});
afterAll(() => clients.client.destroy());

const problems = async () => (await eventsProblemsOf(clients, tables)).map((p) => `${p.rule} ${p.subject}`);

describe('the after-file events check', () => {
  it('passes changes made through the writers and names each change written without its event', async () => {
    const now = new Date();
    const purchase: CreditPurchaseRecord = {
      ...modelFields('CreditPurchase', 'cs_check', now),
      owner: 'user_check',
      userId: 'user_check',
      packageId: 'pkg_starter',
      packageName: 'Starter',
      credits: 5_000,
      amountCents: 5_000,
      currency: 'usd',
      status: 'OPEN',
      stripeCustomerId: 'cus_check',
    };
    const customer = { role: 'CUSTOMER', id: 'user_check' } as const;
    await transactWrite(deps, newPurchaseItems(deps, purchase, customer));
    await transactWrite(deps, [
      ...purchaseTransitionItems(deps, purchase.id, { transition: 'COMPLETE', actor: 'SYSTEM', from: 'OPEN', now }),
      ...creditChangeItems(
        deps,
        {
          id: 'purchase:cs_check',
          actor: customer,
          userId: 'user_check',
          type: 'PURCHASE',
          credits: 5_000,
          creditPurchaseId: purchase.id,
          description: 'Bought',
        },
        now,
      ),
      ...ledgerLineItems(
        deps,
        [{ account: 'credit-purchase:cs_check', type: 'CREDIT_PURCHASE', amountCents: 5_000, currency: 'usd', description: 'Bought' }],
        now,
      ),
    ]);
    expect(await problems()).toEqual([]);

    // Three changes made beside the writers: a balance ADD, a ledger line, a status.
    await clients.doc.send(
      new UpdateCommand({
        TableName: tables.Customer,
        Key: { id: 'user_check' },
        UpdateExpression: 'ADD creditBalance :n',
        ExpressionAttributeValues: { ':n': 1_000 },
      }),
    );
    const line = ledgerRecord({ account: 'bk_check', type: 'CHARGE', amountCents: 12_000, currency: 'usd', description: 'Charged' }, now);
    await clients.doc.send(new PutCommand({ TableName: tables.Transaction, Item: line }));
    await clients.doc.send(
      new UpdateCommand({
        TableName: tables.CreditPurchase,
        Key: { id: purchase.id },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'REFUNDED' },
      }),
    );
    expect(await problems()).toEqual(['ledger bk_check#CHARGE', 'status CreditPurchase#cs_check', 'credits Customer#user_check']);
  });
});
