/** Stripe's test cards and the behaviour the emulator gives them. */

export interface Decline {
  code: string;
  decline_code?: string;
  message: string;
}

type CardBehavior =
  | { kind: 'succeed' }
  | { kind: 'decline'; decline: Decline }
  | { kind: 'three_d_secure' }
  /** Funds available at once instead of after the availability delay. */
  | { kind: 'available_immediately' }
  /** Succeeds, then a dispute opens. */
  | { kind: 'dispute' };

interface TestCard {
  number: string;
  brand: 'visa' | 'mastercard' | 'amex';
  funding: 'credit' | 'debit';
  behavior: CardBehavior;
}

const GENERIC: Decline = { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
const INSUFFICIENT: Decline = {
  code: 'card_declined',
  decline_code: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
};

const CARDS: TestCard[] = [
  { number: '4242424242424242', brand: 'visa', funding: 'credit', behavior: { kind: 'succeed' } },
  { number: '4000056655665556', brand: 'visa', funding: 'debit', behavior: { kind: 'succeed' } },
  { number: '5555555555554444', brand: 'mastercard', funding: 'credit', behavior: { kind: 'succeed' } },
  { number: '378282246310005', brand: 'amex', funding: 'credit', behavior: { kind: 'succeed' } },
  { number: '4000000000000002', brand: 'visa', funding: 'credit', behavior: { kind: 'decline', decline: GENERIC } },
  { number: '4000000000009995', brand: 'visa', funding: 'credit', behavior: { kind: 'decline', decline: INSUFFICIENT } },
  {
    number: '4000000000009987',
    brand: 'visa',
    funding: 'credit',
    behavior: { kind: 'decline', decline: { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' } },
  },
  {
    number: '4000000000000069',
    brand: 'visa',
    funding: 'credit',
    behavior: { kind: 'decline', decline: { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.' } },
  },
  {
    number: '4000000000000127',
    brand: 'visa',
    funding: 'credit',
    behavior: {
      kind: 'decline',
      decline: { code: 'incorrect_cvc', decline_code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
    },
  },
  {
    number: '4000000000000119',
    brand: 'visa',
    funding: 'credit',
    behavior: {
      kind: 'decline',
      decline: {
        code: 'processing_error',
        decline_code: 'processing_error',
        message: 'An error occurred while processing your card. Try again in a little bit.',
      },
    },
  },
  { number: '4000002500003155', brand: 'visa', funding: 'credit', behavior: { kind: 'three_d_secure' } },
  { number: '4000000000000077', brand: 'visa', funding: 'credit', behavior: { kind: 'available_immediately' } },
  { number: '4000000000000259', brand: 'visa', funding: 'credit', behavior: { kind: 'dispute' } },
];

/** Stripe's test PaymentMethod ids (`pm_card_visa`, ...) and the card each stands for. */
const TEST_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard: '5555555555554444',
  pm_card_amex: '378282246310005',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_visa_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedLostCard: '4000000000009987',
  pm_card_visa_chargeDeclinedLostCard: '4000000000009987',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_threeDSecureRequired: '4000002500003155',
  pm_card_authenticationRequired: '4000002500003155',
  pm_card_bypassPending: '4000000000000077',
  pm_card_createDispute: '4000000000000259',
};

export function testPaymentMethodCard(id: string): string | undefined {
  return TEST_PAYMENT_METHODS[id];
}

export function listTestPaymentMethods(): Record<string, string> {
  return { ...TEST_PAYMENT_METHODS };
}

export function listTestCards(): TestCard[] {
  return CARDS.map((c) => ({ ...c }));
}

/** Any other number that passes the Luhn check behaves like 4242 (brand from its prefix). */
export function cardFor(number: string): TestCard | undefined {
  const known = CARDS.find((c) => c.number === number);
  if (known) return known;
  if (!/^\d{12,19}$/.test(number) || !luhn(number)) return undefined;
  const brand = number.startsWith('5') ? 'mastercard' : number.startsWith('3') ? 'amex' : 'visa';
  return { number, brand, funding: 'credit', behavior: { kind: 'succeed' } };
}

function luhn(number: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = number.length - 1; i >= 0; i--) {
    let d = Number(number[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}
