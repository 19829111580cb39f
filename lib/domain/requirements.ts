/**
 * Stripe's requirement fields (`requirements.currently_due` etc.) and disabled reasons, in words a provider
 * understands. Pure: no I/O.
 */

const EXACT: Readonly<Record<string, string>> = {
  'individual.verification.document': 'Identity document',
  'individual.verification.additional_document': 'Additional identity document (e.g. a utility bill)',
  'individual.verification.proof_of_liveness': 'Live selfie for identity verification',
  'individual.id_number': 'Personal ID number (e.g. Social Security number)',
  'individual.ssn_last_4': 'Last 4 digits of your Social Security number',
  'individual.first_name': 'First name',
  'individual.last_name': 'Last name',
  'individual.email': 'Email address',
  'individual.phone': 'Phone number',
  'individual.political_exposure': 'Political exposure declaration',
  'business_profile.mcc': 'Business category',
  'business_profile.url': 'Business website',
  'business_profile.product_description': 'Description of your services',
  'business_profile.name': 'Business name',
  'business_profile.support_phone': 'Customer support phone number',
  business_type: 'Business type',
  external_account: 'Bank account for payouts',
  'tos_acceptance.date': 'Acceptance of the Stripe Services Agreement',
  'tos_acceptance.ip': 'Acceptance of the Stripe Services Agreement',
  'company.name': 'Company name',
  'company.tax_id': 'Company tax ID',
  'company.phone': 'Company phone number',
  'company.verification.document': 'Company verification document',
  'company.owners_provided': 'Company owners',
  'company.directors_provided': 'Company directors',
  'company.executives_provided': 'Company executives',
  'settings.payments.statement_descriptor': 'Statement descriptor (the name on customers\u2019 card statements)',
};

/** Prefixes whose sub-fields are one thing to the provider (dob.day/month/year → "Date of birth"). */
const PREFIXES: readonly [string, string][] = [
  ['individual.dob.', 'Date of birth'],
  ['individual.address.', 'Home address'],
  ['company.address.', 'Company address'],
  ['representative.', 'Details of the company representative'],
  ['owners.', 'Details of the company owners'],
  ['directors.', 'Details of the company directors'],
  ['executives.', 'Details of the company executives'],
  ['tos_acceptance.', 'Acceptance of the Stripe Services Agreement'],
];

function humanize(field: string): string {
  const words = field
    .split('.')
    .filter((p) => p.length > 0)
    .join(' ')
    .replace(/_/g, ' ')
    .trim();
  if (!words) return 'Additional information';
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

/** 'individual.verification.document' → 'Identity document'; unknown fields are spelled out in words. */
export function describeRequirement(field: string): string {
  const exact = EXACT[field];
  if (exact) return exact;
  // Requirements about a person on the account: `person_1AbC.first_name` → "First name (of a person on the account)"
  const person = /^person_[A-Za-z0-9]+\.(.+)$/.exec(field);
  if (person) return `${describeRequirement(`individual.${person[1]}`)} (of a person on the account)`;
  for (const [prefix, text] of PREFIXES) if (field.startsWith(prefix)) return text;
  return humanize(field);
}

interface RequirementGroup {
  description: string;
  fields: string[];
}

/** One entry per distinct description, in the order Stripe listed the fields; duplicates merged. */
export function describeRequirements(fields: readonly string[] | null | undefined): RequirementGroup[] {
  const groups = new Map<string, RequirementGroup>();
  for (const field of fields ?? []) {
    const description = describeRequirement(field);
    const group = groups.get(description);
    if (group) {
      if (!group.fields.includes(field)) group.fields.push(field);
    } else groups.set(description, { description, fields: [field] });
  }
  return [...groups.values()];
}

const DISABLED_REASONS: Readonly<Record<string, string>> = {
  'requirements.past_due': 'Stripe needs more information from you before payments and payouts can be turned on.',
  'requirements.pending_verification': 'Stripe is verifying the information you submitted. This usually takes a few minutes to a few days.',
  'action_required.requested_capabilities': 'Stripe needs you to finish setting up the payment features you requested.',
  listed: 'Stripe is reviewing this account against restricted lists.',
  under_review: 'Stripe is reviewing this account.',
  platform_paused: 'Payments are paused by the marketplace.',
  'rejected.fraud': 'Stripe rejected this account because of suspected fraud.',
  'rejected.terms_of_service': 'Stripe rejected this account for a breach of its terms of service.',
  'rejected.listed': 'Stripe rejected this account because it appears on a restricted list.',
  'rejected.other': 'Stripe rejected this account.',
  other: 'Stripe has restricted this account.',
};

/** Words for `requirements.disabled_reason`; null when nothing is disabled. */
export function describeDisabledReason(reason: string | null | undefined): string | null {
  if (!reason) return null;
  return (
    DISABLED_REASONS[reason] ?? (reason.startsWith('rejected.') ? 'Stripe rejected this account.' : 'Stripe has restricted this account.')
  );
}
