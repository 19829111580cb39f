import { describe, expect, it } from 'vitest';
import { decideAccountStatus, type AccountFacts } from '../../lib/domain/account-status';

const active: AccountFacts = {
  details_submitted: true,
  charges_enabled: true,
  payouts_enabled: true,
  requirements: { currently_due: [], past_due: [], disabled_reason: null },
};

describe('decideAccountStatus', () => {
  it.each<[string, AccountFacts, string]>([
    [
      'nothing submitted yet',
      { details_submitted: false, charges_enabled: false, payouts_enabled: false, requirements: { currently_due: ['external_account'] } },
      'PENDING',
    ],
    ['fully enabled', active, 'ACTIVE'],
    ['enabled with something due later', { ...active, requirements: { currently_due: ['individual.id_number'], past_due: [] } }, 'ACTIVE'],
    ['submitted but payouts disabled', { ...active, payouts_enabled: false }, 'RESTRICTED'],
    [
      'past due requirements',
      { ...active, requirements: { past_due: ['individual.verification.document'], disabled_reason: 'requirements.past_due' } },
      'RESTRICTED',
    ],
    ['rejected for fraud', { ...active, charges_enabled: false, requirements: { disabled_reason: 'rejected.fraud' } }, 'REJECTED'],
    [
      'rejected before submitting',
      { details_submitted: false, requirements: { disabled_reason: 'rejected.terms_of_service' } },
      'REJECTED',
    ],
    ['no requirements object at all', { details_submitted: false }, 'PENDING'],
  ])('%s → %s', (_label, account, expected) => {
    expect(decideAccountStatus(account)).toBe(expected);
  });
});
