'use client';

import { useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import {
  BRAND_NAMES,
  cardBrand,
  digitsOnly,
  formatCardNumber,
  formatExpiry,
  parseExpiry,
  validateCardNumber,
  validateCvc,
  validateExpiry,
  validatePostalCode,
} from '@/lib/client/card';
import { confirmCardPayment } from '@/lib/client/emulator-stripe';
import { Spinner } from '@/components/ui/States';
import type { PaymentFormProps } from './types';
import { Icon } from '@/components/ui/Icon';

type FieldName = 'number' | 'expiry' | 'cvc' | 'postal';
type Errors = Partial<Record<FieldName, string>>;

/** Keep the caret after the same number of digits when reformatting a field. */
function reformat(e: ChangeEvent<HTMLInputElement>, format: (v: string) => string): string {
  const input = e.target;
  const caret = input.selectionStart ?? input.value.length;
  const digitsBefore = digitsOnly(input.value.slice(0, caret)).length;
  const next = format(input.value);
  requestAnimationFrame(() => {
    if (document.activeElement !== input) return;
    let pos = 0;
    let seen = 0;
    while (pos < next.length && seen < digitsBefore) {
      if (/\d/.test(next[pos] ?? '')) seen++;
      pos++;
    }
    // Skip separators right after the caret so typing continues naturally.
    while (pos < next.length && !/\d/.test(next[pos] ?? '') && caret >= input.value.length) pos++;
    input.setSelectionRange(pos, pos);
  });
  return next;
}

/**
 * The local-mode card form: collects the card, then talks to the Stripe emulator straight from the
 * browser (see lib/client/emulator-stripe.ts), like Stripe.js does with Stripe.
 */
export function LocalCardForm({ clientSecret, amountLabel, disabled, onOutcome, beforeConfirm, extraFields }: PaymentFormProps) {
  const id = useId();
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const [postal, setPostal] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [formError, setFormError] = useState<string | null>(null);

  const refs = {
    number: useRef<HTMLInputElement>(null),
    expiry: useRef<HTMLInputElement>(null),
    cvc: useRef<HTMLInputElement>(null),
    postal: useRef<HTMLInputElement>(null),
  };

  const validate = (): Errors => {
    const e: Errors = {};
    const n = validateCardNumber(number);
    const x = validateExpiry(expiry);
    const c = validateCvc(cvc, number);
    const p = validatePostalCode(postal);
    if (n) e.number = n;
    if (x) e.expiry = x;
    if (c) e.cvc = c;
    if (p) e.postal = p;
    return e;
  };

  const fieldError = (f: FieldName): string | undefined => (touched[f] ? errors[f] : undefined);

  const onBlur = (f: FieldName) => {
    setTouched((t) => ({ ...t, [f]: true }));
    setErrors(validate());
  };

  const revalidateIfTouched = (f: FieldName, patch: Partial<Record<FieldName, string>>) => {
    if (!touched[f]) return;
    // Validate with the value being typed, not the stale state.
    const values = { number, expiry, cvc, postal, ...patch };
    const e: Errors = {};
    const n = validateCardNumber(values.number);
    const x = validateExpiry(values.expiry);
    const c = validateCvc(values.cvc, values.number);
    const p = validatePostalCode(values.postal);
    if (n) e.number = n;
    if (x) e.expiry = x;
    if (c) e.cvc = c;
    if (p) e.postal = p;
    setErrors(e);
  };

  const onSubmit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy || disabled) return;
    const e = validate();
    setErrors(e);
    setTouched({ number: true, expiry: true, cvc: true, postal: true });
    const firstBad = (['number', 'expiry', 'cvc', 'postal'] as const).find((f) => e[f]);
    if (firstBad) {
      setStatus('Please fix the highlighted card details.');
      refs[firstBad].current?.focus();
      return;
    }
    const exp = parseExpiry(expiry);
    if (!exp) return;
    setBusy(true);
    setFormError(null);
    setStatus('Processing your payment…');
    if (beforeConfirm) {
      try {
        await beforeConfirm();
      } catch (err) {
        setStatus('');
        setFormError(err instanceof Error && err.message ? err.message : 'We could not start the payment. Please try again.');
        setBusy(false);
        return;
      }
    }
    try {
      const result = await confirmCardPayment(clientSecret, {
        number: digitsOnly(number),
        expMonth: exp.month,
        expYear: exp.year,
        cvc: digitsOnly(cvc),
      });
      if (result.ok) {
        if (result.status === 'succeeded') {
          setStatus('Payment accepted. Confirming your booking…');
          await onOutcome({ kind: 'succeeded' });
          return; // navigating away; stay busy
        }
        if (result.status === 'processing') {
          setStatus('Payment submitted. Confirming your booking…');
          await onOutcome({ kind: 'pending' });
          return;
        }
        const message =
          result.status === 'requires_action'
            ? 'This card needs extra verification, which is not available here. Try another card.'
            : 'Your payment did not go through. Try another card.';
        setStatus('');
        await onOutcome({ kind: 'declined', message });
      } else {
        setStatus('');
        await onOutcome({ kind: 'declined', message: result.message });
      }
      setBusy(false);
      refs.number.current?.focus();
    } catch {
      setStatus('');
      await onOutcome({ kind: 'declined', message: 'We could not process your payment. Please try again.' });
      setBusy(false);
    }
  };

  const brand = cardBrand(number);
  const inputProps = (f: FieldName, hint?: string) => {
    const err = fieldError(f);
    const describedBy = [hint ? `${id}-${f}-hint` : '', err ? `${id}-${f}-error` : ''].filter(Boolean).join(' ');
    return {
      id: `${id}-${f}`,
      ref: refs[f],
      className: 'input',
      'aria-invalid': err ? true : undefined,
      'aria-describedby': describedBy || undefined,
      onBlur: () => onBlur(f),
      disabled: busy || disabled,
      required: true,
    } as const;
  };
  const errorText = (f: FieldName) => {
    const err = fieldError(f);
    return err ? (
      <span id={`${id}-${f}-error`} className="field__error">
        {err}
      </span>
    ) : null;
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Card details" aria-busy={busy}>
      <div className="field">
        <label htmlFor={`${id}-number`}>Card number</label>
        <div className="card-input-wrap">
          <input
            {...inputProps('number')}
            type="text"
            inputMode="numeric"
            autoComplete="cc-number"
            placeholder="1234 1234 1234 1234"
            maxLength={23}
            value={number}
            onChange={(e) => {
              const v = reformat(e, formatCardNumber);
              setNumber(v);
              revalidateIfTouched('number', { number: v });
            }}
          />
          {brand !== 'unknown' ? <span className="card-brand">{BRAND_NAMES[brand]}</span> : null}
        </div>
        {errorText('number')}
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-expiry`}>Expiry date</label>
          <input
            {...inputProps('expiry', 'MM / YY')}
            type="text"
            inputMode="numeric"
            autoComplete="cc-exp"
            placeholder="MM / YY"
            maxLength={7}
            value={expiry}
            onChange={(e) => {
              const v = formatExpiry(e.target.value, expiry);
              setExpiry(v);
              revalidateIfTouched('expiry', { expiry: v });
            }}
          />
          <span id={`${id}-expiry-hint`} className="visually-hidden">
            Month and year, as MM / YY
          </span>
          {errorText('expiry')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-cvc`}>Security code (CVC)</label>
          <input
            {...inputProps('cvc', 'cvc')}
            type="text"
            inputMode="numeric"
            autoComplete="cc-csc"
            placeholder={brand === 'amex' ? '4 digits' : '3 digits'}
            maxLength={brand === 'amex' ? 4 : 3}
            value={cvc}
            onChange={(e) => {
              const v = digitsOnly(e.target.value).slice(0, brand === 'amex' ? 4 : 3);
              setCvc(v);
              revalidateIfTouched('cvc', { cvc: v });
            }}
          />
          <span id={`${id}-cvc-hint`} className="visually-hidden">
            The {brand === 'amex' ? '4' : '3'} digits on the {brand === 'amex' ? 'front' : 'back'} of your card
          </span>
          {errorText('cvc')}
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-postal`}>Postal code</label>
        <input
          {...inputProps('postal')}
          type="text"
          autoComplete="postal-code"
          placeholder="12345"
          maxLength={10}
          style={{ maxWidth: '14rem' }}
          value={postal}
          onChange={(e) => {
            const v = e.target.value.toUpperCase();
            setPostal(v);
            revalidateIfTouched('postal', { postal: v });
          }}
        />
        {errorText('postal')}
      </div>

      {extraFields}

      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {formError ? (
        <p className="alert alert--error" role="alert">
          {formError}
        </p>
      ) : null}

      <button type="submit" className="button button--block button--large" disabled={busy || disabled}>
        {busy ? (
          <>
            <Spinner small /> Processing payment…
          </>
        ) : (
          `Pay ${amountLabel}`
        )}
      </button>
      <p className="secure-note">
        <Icon name="lock" size={16} /> Your card details go straight to our payment provider, never to our servers.
      </p>
    </form>
  );
}
