import { describe, expect, test } from 'vitest';
import {
  DISPUTE_MACHINE,
  DISPUTE_STATUSES,
  disputeRecordStep,
  type DisputeActor,
  type DisputeStatus,
  type DisputeTransitionName,
} from '../../lib/domain/dispute-record';
import { walkMachine } from './support/walk-machine';

type Pair = [DisputeTransitionName, DisputeStatus, DisputeStatus, DisputeActor];

const INQUIRY_OPEN: DisputeStatus[] = ['warning_needs_response', 'warning_under_review'];
const OPEN: DisputeStatus[] = [...INQUIRY_OPEN, 'needs_response', 'under_review'];
const both: DisputeActor[] = ['STRIPE', 'ADMIN'];

/** The machine written out by hand: a change to the table must change this list. */
const ALLOWED: Pair[] = [
  ...both.map((a): Pair => ['SUBMIT_INQUIRY_EVIDENCE', 'warning_needs_response', 'warning_under_review', a]),
  ...INQUIRY_OPEN.map((f): Pair => ['CLOSE_INQUIRY', f, 'warning_closed', 'STRIPE']),
  ...INQUIRY_OPEN.flatMap((f) => (['needs_response', 'under_review'] as const).map((t): Pair => ['ESCALATE', f, t, 'STRIPE'])),
  ...both.map((a): Pair => ['SUBMIT_EVIDENCE', 'needs_response', 'under_review', a]),
  ...OPEN.map((f): Pair => ['WIN', f, 'won', 'STRIPE']),
  ...OPEN.map((f): Pair => ['LOSE', f, 'lost', 'STRIPE']),
  ...DISPUTE_STATUSES.flatMap((s) => both.map((a): Pair => ['REFRESH', s, s, a])),
];
describe('Dispute record machine', () => {
  walkMachine(DISPUTE_MACHINE, ALLOWED, both);
});

describe('disputeRecordStep: from the record as read to Stripe’s current status', () => {
  test.each<[string, DisputeStatus, string, DisputeActor, { transition: DisputeTransitionName; to?: DisputeStatus }]>([
    ['same status: refresh', 'needs_response', 'needs_response', 'STRIPE', { transition: 'REFRESH' }],
    ['evidence submitted', 'needs_response', 'under_review', 'STRIPE', { transition: 'SUBMIT_EVIDENCE', to: 'under_review' }],
    [
      'evidence submitted (the admin’s action)',
      'needs_response',
      'under_review',
      'ADMIN',
      { transition: 'SUBMIT_EVIDENCE', to: 'under_review' },
    ],
    ['won', 'under_review', 'won', 'STRIPE', { transition: 'WIN', to: 'won' }],
    ['lost, never seen under review', 'needs_response', 'lost', 'STRIPE', { transition: 'LOSE', to: 'lost' }],
    ['an inquiry seen next as lost', 'warning_needs_response', 'lost', 'STRIPE', { transition: 'LOSE', to: 'lost' }],
    ['an inquiry escalated', 'warning_under_review', 'needs_response', 'STRIPE', { transition: 'ESCALATE', to: 'needs_response' }],
    ['an inquiry closed', 'warning_needs_response', 'warning_closed', 'STRIPE', { transition: 'CLOSE_INQUIRY', to: 'warning_closed' }],
    ['a closed dispute never reopens', 'lost', 'needs_response', 'STRIPE', { transition: 'REFRESH' }],
    ['won never becomes lost', 'won', 'lost', 'STRIPE', { transition: 'REFRESH' }],
    ['under review never needs a response again', 'under_review', 'needs_response', 'STRIPE', { transition: 'REFRESH' }],
    ['a closed inquiry never escalates', 'warning_closed', 'needs_response', 'STRIPE', { transition: 'REFRESH' }],
    ['an admin never records an outcome', 'under_review', 'won', 'ADMIN', { transition: 'REFRESH' }],
    ['a status the machine does not know', 'needs_response', 'appeal_needs_response', 'STRIPE', { transition: 'REFRESH' }],
  ])('%s', (_name, current, stripe, actor, step) => expect(disputeRecordStep(current, stripe, actor)).toEqual(step));

  test('any order of Stripe’s statuses ends at the furthest one, never back', () => {
    const apply = (seen: string[]) =>
      seen.reduce<DisputeStatus>((s, next) => disputeRecordStep(s, next, 'STRIPE').to ?? s, 'needs_response');
    expect(apply(['under_review', 'needs_response', 'lost', 'under_review'])).toBe('lost');
    expect(apply(['won', 'needs_response'])).toBe('won');
  });
});
