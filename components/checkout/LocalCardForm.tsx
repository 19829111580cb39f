'use client';

import { useId, useRef, useState, type FormEvent } from 'react';
import { digitsOnly, parseExpiry, validateCardFields, type CardField, type CardFieldValues } from '@/lib/client/card';
import { confirmCardPayment } from '@/lib/client/emulator-stripe';
import { Icon } from '@/components/ui/Icon';
import { CardFields } from './CardFields';
import { PayButton } from './PayButton';
import type { PaymentFormProps } from './types';
import { PAYMENT_FAILED_MESSAGE, usePaymentAttempt } from './usePaymentAttempt';

const FIELDS: readonly CardField[] = ['number', 'expiry', 'cvc', 'postal'];

/** Words for a confirmed PaymentIntent that is neither paid nor processing. */
function unpaidMessage(status: string): string {
  return status === 'requires_action'
    ? 'This card needs extra verification, which is not available here. Try another card.'
    : 'Your payment did not go through. Try another card.';
}

/**
 * The local-mode card form: collects the card, then talks to the Stripe emulator straight from the
 * browser (see lib/client/emulator-stripe.ts), like Stripe.js does with Stripe.
 */
export function LocalCardForm({ clientSecret, amountLabel, disabled, onOutcome, beforeConfirm, extraFields }: PaymentFormProps) {
  const id = useId();
  const [values, setValues] = useState<CardFieldValues>({ number: '', expiry: '', cvc: '', postal: '' });
  const [errors, setErrors] = useState<Partial<Record<CardField, string>>>({});
  const [touched, setTouched] = useState<Partial<Record<CardField, boolean>>>({});
  const attempt = usePaymentAttempt(onOutcome);
  const { busy } = attempt;

  const refs = {
    number: useRef<HTMLInputElement>(null),
    expiry: useRef<HTMLInputElement>(null),
    cvc: useRef<HTMLInputElement>(null),
    postal: useRef<HTMLInputElement>(null),
  };

  const shownErrors = Object.fromEntries(FIELDS.filter((f) => touched[f] && errors[f]).map((f) => [f, errors[f]]));

  const onChange = (field: CardField, value: string) => {
    const next = { ...values, [field]: value };
    setValues(next);
    // Messages follow the value being typed once the field was left.
    if (touched[field]) setErrors(validateCardFields(next));
  };

  const onBlur = (field: CardField) => {
    setTouched((t) => ({ ...t, [field]: true }));
    setErrors(validateCardFields(values));
  };

  /** Pays with the card; true when the checkout moves on (navigating away: the form stays busy). */
  const confirm = async (exp: { month: number; year: number }) => {
    const result = await confirmCardPayment(clientSecret, {
      number: digitsOnly(values.number),
      expMonth: exp.month,
      expYear: exp.year,
      cvc: digitsOnly(values.cvc),
    });
    if (result.ok && (result.status === 'succeeded' || result.status === 'processing')) {
      await attempt.accepted(result.status === 'succeeded' ? 'succeeded' : 'pending');
      return true;
    }
    await attempt.declined(result.ok ? unpaidMessage(result.status) : result.message);
    return false;
  };

  const onSubmit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy || disabled) return;
    const found = validateCardFields(values);
    setErrors(found);
    setTouched({ number: true, expiry: true, cvc: true, postal: true });
    const firstBad = FIELDS.find((f) => found[f]);
    if (firstBad) {
      attempt.setStatus('Please fix the highlighted card details.');
      refs[firstBad].current?.focus();
      return;
    }
    const exp = parseExpiry(values.expiry);
    if (!exp) return;
    attempt.begin();
    if (beforeConfirm && !(await attempt.prepare(beforeConfirm))) return;
    try {
      if (!(await confirm(exp))) refs.number.current?.focus();
    } catch {
      await attempt.declined(PAYMENT_FAILED_MESSAGE);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Card details" aria-busy={busy}>
      <CardFields
        id={id}
        values={values}
        errors={shownErrors}
        refs={refs}
        disabled={busy || Boolean(disabled)}
        onChange={onChange}
        onBlur={onBlur}
      />
      {extraFields}
      <PayButton status={attempt.status} formError={attempt.formError} busy={busy} disabled={Boolean(disabled)} amountLabel={amountLabel} />
      <p className="secure-note">
        <Icon name="lock" size={16} /> Your card details go straight to our payment provider, never to our servers.
      </p>
    </form>
  );
}
