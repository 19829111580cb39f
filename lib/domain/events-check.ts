/**
 * Did every change append its event? The pure decision behind the integration suite's after-file events check (and
 * usable by a reconciliation job): given one set of tables' records, ledger lines, credit balances and events, it
 * names every disagreement between them.
 *   ledger     every ledger line has exactly one LedgerLineWritten event (same line id, amount, currency, aggregate),
 *              and every such event has its line;
 *   status     a record's events, folded in order (its creation event, then each transition's `to`), end in its
 *              stored status, and each transition starts where the events before it left the record;
 *   creation   a record's first event is its creation event (BookingRequested, PayoutCreated, …), written once;
 *   credits    every credit balance is the sum of its CreditBalanceChanged deltas, and every CreditTransaction has
 *              exactly one such event with its delta (and every event its CreditTransaction).
 * A record a test fixture wrote straight into its table carries `testFixture` (why): it has no creation event, and the
 * transitions after it must still end in its status.
 */
import {
  aggregateKey,
  aggregateOfLedgerAccount,
  BOOKING_EVENT_OF,
  CREDIT_PURCHASE_EVENT_OF,
  DISPUTE_EVENT_OF,
  MEMBERSHIP_EVENT_OF,
  PAYOUT_EVENT_OF,
  type AggregateType,
  type RecordEventType,
} from './events';

export interface CheckedEvent {
  type: string;
  aggregateType: string;
  aggregateId: string;
  /** Orders one aggregate's events. */
  sequence: string;
  payload: Record<string, unknown>;
}

export interface CheckedLedgerLine {
  id: string;
  /** The ledger account (a booking id, `provider:<id>`, `credit-purchase:<id>`). */
  bookingId: string;
  amountCents: number;
  currency: string;
}

export type StatusAggregate = Extract<AggregateType, 'Booking' | 'Payout' | 'Dispute' | 'CreditPurchase' | 'Membership'>;

export interface CheckedStatusRecord {
  aggregateType: StatusAggregate;
  id: string;
  status: string;
  /** Set by a test fixture that wrote the record directly (in the status under test): why it did. */
  testFixture?: string;
}

export interface CheckedCustomer {
  id: string;
  creditBalance?: number;
}

export interface CheckedCreditTransaction {
  id: string;
  userId: string;
  credits: number;
}

export type EventsCheckRule = 'ledger' | 'status' | 'creation' | 'credits';

export interface EventsProblem {
  rule: EventsCheckRule;
  /** `<aggregateType>#<id>`, or the ledger line / credit record the problem is about. */
  subject: string;
  message: string;
}

interface StatusEvents {
  created: RecordEventType;
  /** The status a record is created in, when its creation event does not say (payload.status). */
  createdAs?: string;
  transitions: ReadonlySet<string>;
}

/** Per record with a status: its creation event and the events of its machine's transitions. */
const STATUS_EVENTS: Readonly<Record<StatusAggregate, StatusEvents>> = {
  Booking: { created: 'BookingRequested', createdAs: 'PENDING_PAYMENT', transitions: new Set(Object.values(BOOKING_EVENT_OF)) },
  Payout: { created: 'PayoutCreated', transitions: new Set(Object.values(PAYOUT_EVENT_OF)) },
  Dispute: { created: 'DisputeOpened', transitions: new Set(Object.values(DISPUTE_EVENT_OF)) },
  CreditPurchase: { created: 'CreditPurchaseStarted', createdAs: 'OPEN', transitions: new Set(Object.values(CREDIT_PURCHASE_EVENT_OF)) },
  Membership: { created: 'MembershipStarted', transitions: new Set(Object.values(MEMBERSHIP_EVENT_OF)) },
};

const bySequence = (a: CheckedEvent, b: CheckedEvent) => a.sequence.localeCompare(b.sequence);

function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Every ledger line has exactly one LedgerLineWritten event that agrees with it, and every such event its line. */
export function ledgerEventProblems(lines: readonly CheckedLedgerLine[], events: readonly CheckedEvent[]): EventsProblem[] {
  const byLine = groupBy(
    events.filter((e) => e.type === 'LedgerLineWritten'),
    (e) => text(e.payload.lineId),
  );
  const problems: EventsProblem[] = [];
  const problem = (subject: string, message: string) => problems.push({ rule: 'ledger', subject, message });
  for (const line of lines) {
    const written = byLine.get(line.id) ?? [];
    if (written.length !== 1) {
      problem(line.id, `${written.length} LedgerLineWritten events (one expected)`);
      continue;
    }
    const event = written[0]!;
    const expected = aggregateOfLedgerAccount(line.bookingId);
    if (event.payload.amountCents !== line.amountCents || event.payload.currency !== line.currency) {
      problem(
        line.id,
        `the line is ${line.amountCents} ${line.currency}, its event says ${String(event.payload.amountCents)} ${String(event.payload.currency)}`,
      );
    }
    if (event.aggregateType !== expected.aggregateType || event.aggregateId !== expected.aggregateId) {
      problem(
        line.id,
        `its event is about ${event.aggregateType}#${event.aggregateId}, the line's account is ${aggregateKey(expected.aggregateType, expected.aggregateId)}`,
      );
    }
  }
  const lineIds = new Set(lines.map((l) => l.id));
  for (const [lineId, written] of byLine) {
    if (!lineIds.has(lineId)) problem(lineId, `${written.length} LedgerLineWritten event(s) without the line`);
  }
  return problems;
}

/**
 * Each record's events, in order, end in its stored status: the creation event first (written once), then every
 * transition starting where the events before it left the record. A record without events is reported unless a
 * fixture wrote it.
 */
export function statusEventProblems(records: readonly CheckedStatusRecord[], events: readonly CheckedEvent[]): EventsProblem[] {
  const byAggregate = groupBy(events, (e) => aggregateKey(e.aggregateType as AggregateType, e.aggregateId));
  const problems: EventsProblem[] = [];
  for (const record of records) {
    const subject = aggregateKey(record.aggregateType, record.id);
    const problem = (rule: EventsCheckRule, message: string) => problems.push({ rule, subject, message });
    const machine = STATUS_EVENTS[record.aggregateType];
    const own = [...(byAggregate.get(subject) ?? [])].sort(bySequence);
    if (!record.testFixture && own[0]?.type !== machine.created) {
      problem(
        'creation',
        own.length === 0 ? `no events (${machine.created} expected first)` : `first event is ${own[0]!.type}, not ${machine.created}`,
      );
    }
    let status: string | undefined;
    let creations = 0;
    for (const event of own) {
      if (event.type === machine.created) {
        creations++;
        status = text(event.payload.status) ?? machine.createdAs;
        continue;
      }
      if (!machine.transitions.has(event.type)) continue;
      const from = text(event.payload.from);
      if (from !== undefined && status !== undefined && from !== status) {
        problem('status', `${event.type} starts from ${from}, but the events before it end in ${status}`);
      }
      status = text(event.payload.to) ?? status;
    }
    if (creations > 1) problem('creation', `${creations} ${machine.created} events (one expected)`);
    if (status !== undefined && status !== record.status) problem('status', `stored ${record.status}, its events end in ${status}`);
  }
  return problems;
}

/**
 * Every balance is the sum of its CreditBalanceChanged deltas (a customer without a record has balance 0), and every
 * CreditTransaction has exactly one event with its delta, every event its CreditTransaction.
 */
export function creditEventProblems(
  customers: readonly CheckedCustomer[],
  creditTransactions: readonly CheckedCreditTransaction[],
  events: readonly CheckedEvent[],
): EventsProblem[] {
  const changes = events.filter((e) => e.type === 'CreditBalanceChanged' && e.aggregateType === 'Customer');
  const problems: EventsProblem[] = [];
  const problem = (subject: string, message: string) => problems.push({ rule: 'credits', subject, message });
  const sums = new Map<string, number>();
  for (const e of changes)
    sums.set(e.aggregateId, (sums.get(e.aggregateId) ?? 0) + (typeof e.payload.delta === 'number' ? e.payload.delta : NaN));
  const balances = new Map(customers.map((c) => [c.id, c.creditBalance ?? 0]));
  for (const id of new Set([...balances.keys(), ...sums.keys()])) {
    const balance = balances.get(id) ?? 0;
    const sum = sums.get(id) ?? 0;
    if (balance !== sum) problem(aggregateKey('Customer', id), `balance ${balance}, its CreditBalanceChanged deltas add up to ${sum}`);
  }
  const byRecord = groupBy(changes, (e) => text(e.payload.creditTransactionId));
  for (const tx of creditTransactions) {
    const own = byRecord.get(tx.id) ?? [];
    if (own.length !== 1) problem(tx.id, `${own.length} CreditBalanceChanged events (one expected)`);
    else if (own[0]!.payload.delta !== tx.credits || own[0]!.aggregateId !== tx.userId) {
      problem(tx.id, `${tx.credits} credits for ${tx.userId}, its event says ${String(own[0]!.payload.delta)} for ${own[0]!.aggregateId}`);
    }
  }
  const recorded = new Set(creditTransactions.map((t) => t.id));
  for (const [id, own] of byRecord)
    if (!recorded.has(id)) problem(id, `${own.length} CreditBalanceChanged event(s) without the CreditTransaction`);
  return problems;
}

interface EventsCheckInput {
  events: readonly CheckedEvent[];
  ledgerLines: readonly CheckedLedgerLine[];
  records: readonly CheckedStatusRecord[];
  customers: readonly CheckedCustomer[];
  creditTransactions: readonly CheckedCreditTransaction[];
}

/** Every disagreement between the tables and their events (empty: every change has its event). */
export function eventsCheckProblems(input: EventsCheckInput): EventsProblem[] {
  return [
    ...ledgerEventProblems(input.ledgerLines, input.events),
    ...statusEventProblems(input.records, input.events),
    ...creditEventProblems(input.customers, input.creditTransactions, input.events),
  ];
}
