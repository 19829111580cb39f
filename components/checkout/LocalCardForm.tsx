'use client';

import { useId, useRef, useState, type FormEvent } from 'react';
import { digitsOnly, parseExpiry, validateCardFields, type CardField, type CardFieldValues } from '@/lib/client/card';
import { confirmCardPayment } from '@/lib/client/emulator-stripe';
import { Icon } from '@/components/ui/Icon';
import { CardFields } from './CardFields';
import { PAYMENT_FAILED_MESSAGE, PayButton, startFailedMessage } from './PayButton';
import type { PaymentFormProps } from './types';

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
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [formError, setFormError] = useState<string | null>(null);

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

  const confirm = async (exp: { month: number; year: number }) => {
    const result = await confirmCardPayment(clientSecret, {
      number: digitsOnly(values.number),
      expMonth: exp.month,
      expYear: exp.year,
      cvc: digitsOnly(values.cvc),
    });
    if (result.ok && result.status === 'succeeded') {
      setStatus('Payment accepted. Confirming your booking…');
      await onOutcome({ kind: 'succeeded' });
      return true; // navigating away; stay busy
    }
    if (result.ok && result.status === 'processing') {
      setStatus('Payment submitted. Confirming your booking…');
      await onOutcome({ kind: 'pending' });
      return true;
    }
    setStatus('');
    await onOutcome({ kind: 'declined', message: result.ok ? unpaidMessage(result.status) : result.message });
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
      setStatus('Please fix the highlighted card details.');
      refs[firstBad].current?.focus();
      return;
    }
    const exp = parseExpiry(values.expiry);
    if (!exp) return;
    setBusy(true);
    setFormError(null);
    setStatus('Processing your payment…');
    if (beforeConfirm) {
      try {
        await beforeConfirm();
      } catch (err) {
        setStatus('');
        setFormError(startFailedMessage(err));
        setBusy(false);
        return;
      }
    }
    try {
      if (await confirm(exp)) return;
      setBusy(false);
      refs.number.current?.focus();
    } catch {
      setStatus('');
      await onOutcome({ kind: 'declined', message: PAYMENT_FAILED_MESSAGE });
      setBusy(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Card details" aria-busy={busy}>
      <CardFields id={id} values={values} errors={shownErrors} refs={refs} disabled={busy || Boolean(disabled)} onChange={onChange} onBlur={onBlur} />
      {extraFields}
      <PayButton status={status} formError={formError} busy={busy} disabled={Boolean(disabled)} amountLabel={amountLabel} />
      <p className="secure-note">
        <Icon name="lock" size={16} /> Your card details go straight to our payment provider, never to our servers.
      </p>
    </form>
  );
}
