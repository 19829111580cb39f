/**
 * The state machines, rendered from the code into docs/architecture.md (between the `state-machines` markers), so the
 * design document cannot drift from the tables the writers enforce. `npm run docs` rewrites the section; a unit test
 * fails when the document and the code disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOOKING_MACHINE } from '../../lib/domain/booking-status';
import { CREDIT_PURCHASE_MACHINE } from '../../lib/domain/credit-purchase-status';
import { DISPUTE_MACHINE } from '../../lib/domain/dispute-record';
import {
  BOOKING_EVENT_OF,
  CREDIT_PURCHASE_EVENT_OF,
  DISPUTE_EVENT_OF,
  MEMBERSHIP_EVENT_OF,
  PAYOUT_EVENT_OF,
  REFUND_CASE_EVENT_OF,
} from '../../lib/domain/events';
import { MEMBERSHIP_MACHINE } from '../../lib/domain/membership-status';
import { PAYOUT_MACHINE } from '../../lib/domain/payout-status';
import { REFUND_CASE_MACHINE } from '../../lib/domain/refund-case';
import type { StateMachine, Transition } from '../../lib/domain/state-machine';

type AnyMachine = StateMachine<string, string, string, unknown>;
interface MachineDoc {
  title: string;
  machine: AnyMachine;
  eventOf: Readonly<Record<string, string>>;
  source: string;
  writer: string;
}

export const MACHINE_DOCS: readonly MachineDoc[] = [
  {
    title: 'Booking',
    machine: BOOKING_MACHINE,
    eventOf: BOOKING_EVENT_OF,
    source: 'lib/domain/booking-status.ts',
    writer: 'lib/data/booking-writer.ts',
  },
  {
    title: 'Payout',
    machine: PAYOUT_MACHINE,
    eventOf: PAYOUT_EVENT_OF,
    source: 'lib/domain/payout-status.ts',
    writer: 'lib/data/payout-writes.ts',
  },
  {
    title: 'Credit purchase',
    machine: CREDIT_PURCHASE_MACHINE,
    eventOf: CREDIT_PURCHASE_EVENT_OF,
    source: 'lib/domain/credit-purchase-status.ts',
    writer: 'lib/data/credit-purchase-writes.ts',
  },
  {
    title: 'Membership',
    machine: MEMBERSHIP_MACHINE,
    eventOf: MEMBERSHIP_EVENT_OF,
    source: 'lib/domain/membership-status.ts',
    writer: 'lib/data/subscription-writes.ts',
  },
  {
    title: 'Refund case on a booking',
    machine: REFUND_CASE_MACHINE,
    eventOf: REFUND_CASE_EVENT_OF,
    source: 'lib/domain/refund-case.ts',
    writer: 'lib/data/refund-writes.ts',
  },
  {
    title: 'Dispute record',
    machine: DISPUTE_MACHINE,
    eventOf: DISPUTE_EVENT_OF,
    source: 'lib/domain/dispute-record.ts',
    writer: 'lib/data/dispute-writes.ts',
  },
];

export const SECTION_START = '<!-- state-machines:start (npm run docs renders this from lib/domain) -->';
export const SECTION_END = '<!-- state-machines:end -->';

const list = (values: readonly string[]) => (values.length ? values.join(', ') : '—');

/** What a transition causes, from its typed `emits` (ledger lines, Stripe calls, the slot, the payout hold). */
export function effectsText(emits: unknown): string {
  if (emits === null || typeof emits !== 'object') return '—';
  const parts = Object.entries(emits as Record<string, unknown>).flatMap(([kind, value]) => {
    if (Array.isArray(value)) return value.length ? [`${kind}: ${value.join(', ')}`] : [];
    return typeof value === 'string' && value !== 'keep' ? [`${kind}: ${value}`] : [];
  });
  return parts.length ? parts.join('; ') : '—';
}

function targetText(t: Transition<string, string, unknown>): string {
  if (t.to === null) return '(unchanged)';
  return typeof t.to === 'string' ? t.to : `one of ${t.to.join(', ')}`;
}

function guardText(t: Transition<string, string, unknown>): string {
  return (t.guard ?? []).map((g) => `${g.attribute} ${g.is} (${g.why})`).join('; ') || '—';
}

export function renderMachine({ title, machine, eventOf, source, writer }: MachineDoc): string {
  const rows = Object.entries(machine.transitions).map(
    ([name, t]) =>
      `| ${name} | ${list(t.from)} | ${targetText(t)} | ${list(t.by)} | ${guardText(t)} | ${effectsText(t.emits)} | ${eventOf[name] ?? '—'} |`,
  );
  return [
    `#### ${title} (\`${source}\`, written by \`${writer}\`)`,
    '',
    `Statuses: ${machine.statuses.join(', ')}.`,
    '',
    '| transition | from | to | by | guard | emits | event |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function renderStateMachines(): string {
  return [SECTION_START, ...MACHINE_DOCS.map(renderMachine), SECTION_END].join('\n\n');
}

/** The document with its state-machine section replaced by `rendered`; throws when the markers are missing. */
export function withStateMachines(doc: string, rendered: string): string {
  const start = doc.indexOf(SECTION_START);
  const end = doc.indexOf(SECTION_END);
  if (start < 0 || end < start) throw new Error(`docs/architecture.md has no ${SECTION_START} … ${SECTION_END} section`);
  return doc.slice(0, start) + rendered + doc.slice(end + SECTION_END.length);
}

export const ARCHITECTURE_DOC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'architecture.md');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const doc = readFileSync(ARCHITECTURE_DOC, 'utf8');
  const next = withStateMachines(doc, renderStateMachines());
  writeFileSync(ARCHITECTURE_DOC, next);
  console.log(
    next === doc
      ? '✔ docs/architecture.md: the state machines were already up to date'
      : '✔ docs/architecture.md: state machines rendered from lib/domain',
  );
}
