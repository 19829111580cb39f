/**
 * The pure parts of the domain events' consumption: a stream record turned into a DomainEvent (or refused), the
 * batch stopping at its first failure and naming that record, the months a replay walks, the vocabulary lists.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { domainEventRecord } from '../../lib/data/outbox';
import { BOOKING_EVENT_OF, DOMAIN_EVENT_TYPES, DISPUTE_EVENT_OF, type DomainEvent, type NewDomainEvent } from '../../lib/domain/events';
import { handleStreamBatch, parseStreamRecord, type StreamRecord } from '../../lib/functions/domain-events';
import { tallyConsumer } from '../../lib/services/event-consumers';
import { monthsBetween } from '../../lib/services/event-replay';

const confirmed: NewDomainEvent = {
  type: 'BookingConfirmed',
  aggregateType: 'Booking',
  aggregateId: 'bk_1',
  actor: { role: 'STRIPE' },
  payload: { transition: 'CONFIRM_PAYMENT', from: 'PENDING_PAYMENT', to: 'CONFIRMED', details: { amountCents: 4550 } },
};
const note: NewDomainEvent = {
  type: 'AdminActionTaken',
  aggregateType: 'Booking',
  aggregateId: 'bk_1',
  actor: { role: 'ADMIN', id: 'usr_admin' },
  payload: { action: 'NOTE', reason: 'called the customer' },
};

/** A stream record of a row as the outbox writes it (the image marshalled as DynamoDB sends it). */
function insertOf(event: NewDomainEvent, sequenceNumber: string, change: Record<string, unknown> = {}): StreamRecord {
  const row = { ...domainEventRecord(event, new Date('2026-06-01T12:00:00.000Z')), ...change };
  return {
    eventID: `e${sequenceNumber}`,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: marshall({ id: row.id }, { removeUndefinedValues: true }),
      NewImage: marshall(row, { removeUndefinedValues: true }),
      SequenceNumber: sequenceNumber,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

describe('a stream record as a DomainEvent', () => {
  it('an inserted row becomes the event the writer stored, actor and payload included', () => {
    const parsed = parseStreamRecord(insertOf(note, '100'));
    expect(parsed.kind).toBe('event');
    if (parsed.kind !== 'event') return;
    expect(parsed.sequenceNumber).toBe('100');
    expect(parsed.event).toMatchObject({
      type: 'AdminActionTaken',
      aggregateType: 'Booking',
      aggregateId: 'bk_1',
      actor: { role: 'ADMIN', id: 'usr_admin' },
      payload: { action: 'NOTE', reason: 'called the customer' },
      occurredAt: '2026-06-01T12:00:00.000Z',
    });
    expect(parsed.event.id).toMatch(/^ev_/);
    expect(parsed.event.sequence.startsWith('2026-06-01T12:00:00.000Z#')).toBe(true);
  });

  it('a change that is not an insert carries nothing to consume', () => {
    expect(parseStreamRecord({ ...insertOf(note, '101'), eventName: 'MODIFY' })).toEqual({ kind: 'not-an-insert', sequenceNumber: '101' });
    expect(parseStreamRecord({ eventName: 'REMOVE', dynamodb: { SequenceNumber: '102' } })).toEqual({
      kind: 'not-an-insert',
      sequenceNumber: '102',
    });
  });

  it.each([
    ['an unknown event type', { type: 'NoSuchEvent' }, 'type'],
    ['an unknown aggregate type', { aggregateType: 'Planet' }, 'aggregateType'],
    ['an unknown actor role', { actorRole: 'ROBOT' }, 'actorRole'],
    ['a time that is not ISO', { occurredAt: 'yesterday' }, 'occurredAt'],
    ['a payload that is not a map', { payload: 'text' }, 'payload'],
    ['no id', { id: undefined }, 'id'],
  ])('refuses %s, naming the field', (_what, change, field) => {
    expect(parseStreamRecord(insertOf(note, '1', change))).toEqual({
      kind: 'malformed',
      sequenceNumber: '1',
      reason: `not a DomainEvent (invalid: ${field})`,
    });
  });

  it('refuses what is not a stream record at all, or an insert without its image', () => {
    expect(parseStreamRecord(null).kind).toBe('malformed');
    expect(parseStreamRecord({ eventName: 'INSERT' }).kind).toBe('malformed');
    expect(parseStreamRecord({ eventName: 'INSERT', dynamodb: { SequenceNumber: '7' } })).toMatchObject({
      kind: 'malformed',
      sequenceNumber: '7',
    });
    expect(parseStreamRecord({ eventName: 'INSERT', dynamodb: { SequenceNumber: '8', NewImage: { id: { Q: 'x' } } } })).toMatchObject({
      kind: 'malformed',
    });
  });
});

describe('a batch stops at its first failure and names it', () => {
  const batch = [
    insertOf(note, '1'),
    insertOf(confirmed, '2'),
    { eventName: 'INSERT', dynamodb: { SequenceNumber: '3' } },
    insertOf(note, '4'),
    insertOf(confirmed, '5'),
  ];

  it('all done: no failures; the malformed record is logged and skipped', async () => {
    const seen: string[] = [];
    const log: string[] = [];
    const response = await handleStreamBatch(
      batch,
      async (e: DomainEvent) => void seen.push(e.type),
      (line) => log.push(line),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual(['AdminActionTaken', 'BookingConfirmed', 'AdminActionTaken', 'BookingConfirmed']);
    expect(log).toEqual([expect.stringContaining('skipped malformed record 3')]);
  });

  it('the fourth record fails: it is the item identifier, and the fifth is not attempted', async () => {
    const seen: string[] = [];
    let calls = 0;
    const response = await handleStreamBatch(
      batch,
      async () => {
        if (++calls === 3) throw new Error('DynamoDB unavailable');
        seen.push(String(calls));
      },
      () => {},
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '4' }] });
    expect(calls).toBe(3);
    expect(seen).toEqual(['1', '2']);
  });

  it('the first record fails: the whole batch is retried from it', async () => {
    const response = await handleStreamBatch(
      batch,
      async () => Promise.reject(new Error('no')),
      () => {},
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '1' }] });
  });
});

describe('the vocabulary consumers rely on', () => {
  it('DOMAIN_EVENT_TYPES lists every transition and record event once', () => {
    expect(new Set(DOMAIN_EVENT_TYPES).size).toBe(DOMAIN_EVENT_TYPES.length);
    for (const type of [...Object.values(BOOKING_EVENT_OF), ...Object.values(DISPUTE_EVENT_OF), 'LedgerLineWritten', 'AdminActionTaken']) {
      expect(DOMAIN_EVENT_TYPES).toContain(type);
    }
  });

  it('the tally counts every event type', () => {
    expect(Object.keys(tallyConsumer.handlers).sort()).toEqual([...DOMAIN_EVENT_TYPES].sort());
  });
});

describe('the months a replay walks', () => {
  it('from the month of --from to the month of --to, across a year', () => {
    expect(monthsBetween(new Date('2026-11-30T23:59:59Z'), new Date('2027-02-01T00:00:00Z'))).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
    expect(monthsBetween(new Date('2026-05-31T10:00:00Z'), new Date('2026-05-31T11:00:00Z'))).toEqual(['2026-05']);
  });
});
