import { describe, expect, it } from 'vitest';
import { describeDisabledReason, describeRequirement, describeRequirements } from '../../lib/domain/requirements';

describe('describeRequirement', () => {
  it.each([
    ['individual.verification.document', 'Identity document'],
    ['individual.verification.additional_document', 'Additional identity document (e.g. a utility bill)'],
    ['individual.id_number', 'Personal ID number (e.g. Social Security number)'],
    ['individual.ssn_last_4', 'Last 4 digits of your Social Security number'],
    ['individual.dob.day', 'Date of birth'],
    ['individual.dob.year', 'Date of birth'],
    ['individual.address.line1', 'Home address'],
    ['individual.first_name', 'First name'],
    ['external_account', 'Bank account for payouts'],
    ['tos_acceptance.date', 'Acceptance of the Stripe Services Agreement'],
    ['business_profile.mcc', 'Business category'],
    ['business_profile.url', 'Business website'],
    ['company.address.city', 'Company address'],
    ['company.tax_id', 'Company tax ID'],
    ['representative.first_name', 'Details of the company representative'],
    ['person_1AbCdEf.verification.document', 'Identity document (of a person on the account)'],
    ['person_1AbCdEf.dob.day', 'Date of birth (of a person on the account)'],
    ['some_new.future_field', 'Some new future field'],
    ['', 'Additional information'],
  ])('%s → %s', (field, words) => {
    expect(describeRequirement(field)).toBe(words);
  });
});

describe('describeRequirements', () => {
  it('merges fields with one description, keeping Stripe\u2019s order', () => {
    expect(
      describeRequirements(['individual.dob.day', 'external_account', 'individual.dob.month', 'individual.dob.year', 'external_account']),
    ).toEqual([
      { description: 'Date of birth', fields: ['individual.dob.day', 'individual.dob.month', 'individual.dob.year'] },
      { description: 'Bank account for payouts', fields: ['external_account'] },
    ]);
  });
  it('handles null and empty lists', () => {
    expect(describeRequirements(null)).toEqual([]);
    expect(describeRequirements([])).toEqual([]);
  });
});

describe('describeDisabledReason', () => {
  it.each([
    [null, null],
    ['', null],
    ['requirements.past_due', /needs more information/],
    ['requirements.pending_verification', /verifying/],
    ['rejected.fraud', /rejected .*fraud/],
    ['rejected.something_new', /^Stripe rejected this account\.$/],
    ['something_else', /restricted/],
  ] as const)('%s', (reason, expected) => {
    const text = describeDisabledReason(reason);
    if (expected === null) expect(text).toBeNull();
    else expect(text).toMatch(expected);
  });
});
