import type { ReactNode } from 'react';

/** What a payment form reports back to the checkout. */
export type PaymentOutcome =
  | { kind: 'succeeded' }
  /** Accepted but not final yet (e.g. 'processing'): the booking page keeps polling. */
  | { kind: 'pending' }
  /** Declined or failed: the customer may try again. `message` is in words. */
  | { kind: 'declined'; message: string };

export interface PaymentFormProps {
  bookingId: string;
  clientSecret: string;
  /** e.g. "$120.00", shown on the pay button */
  amountLabel: string;
  /** true while the hold has expired or the checkout is finishing */
  disabled?: boolean;
  /** Called after each attempt; resolves when the checkout has handled it. */
  onOutcome: (outcome: PaymentOutcome) => Promise<void>;
  /**
   * Runs once the card details pass the checks, right before the payment is confirmed (the checkout uses it to tell
   * the server whether to save the card). A throw stops this attempt; its message is shown in the form.
   */
  beforeConfirm?: () => Promise<void>;
  /** Extra fields shown above the pay button (the "save this card" box). */
  extraFields?: ReactNode;
}
