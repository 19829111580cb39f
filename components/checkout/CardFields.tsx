'use client';

import type { ChangeEvent, RefObject } from 'react';
import {
  BRAND_NAMES,
  cardBrand,
  digitsOnly,
  formatCardNumber,
  formatExpiry,
  type CardField,
  type CardFieldValues,
} from '@/lib/client/card';

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

interface CardFieldsProps {
  /** Prefix of the inputs' ids. */
  id: string;
  values: CardFieldValues;
  /** The messages to show now (a field's only once it was left or the form submitted). */
  errors: Partial<Record<CardField, string>>;
  refs: Record<CardField, RefObject<HTMLInputElement | null>>;
  disabled: boolean;
  /** A field's new value, already formatted ("4242 4242 …", "12 / 34"). */
  onChange: (field: CardField, value: string) => void;
  onBlur: (field: CardField) => void;
}

/** The card number, expiry date, security code and postal code, formatted as typed, each with its message. */
export function CardFields({ id, values, errors, refs, disabled, onChange, onBlur }: CardFieldsProps) {
  const brand = cardBrand(values.number);
  const cvcLength = brand === 'amex' ? 4 : 3;
  const inputProps = (f: CardField, hint?: boolean) => {
    const describedBy = [hint ? `${id}-${f}-hint` : '', errors[f] ? `${id}-${f}-error` : ''].filter(Boolean).join(' ');
    return {
      id: `${id}-${f}`,
      ref: refs[f],
      className: 'input',
      type: 'text',
      'aria-invalid': errors[f] ? true : undefined,
      'aria-describedby': describedBy || undefined,
      onBlur: () => onBlur(f),
      disabled,
      required: true,
      value: values[f],
    } as const;
  };
  const errorText = (f: CardField) =>
    errors[f] ? (
      <span id={`${id}-${f}-error`} className="field__error">
        {errors[f]}
      </span>
    ) : null;

  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-number`}>Card number</label>
        <div className="card-input-wrap">
          <input
            {...inputProps('number')}
            inputMode="numeric"
            autoComplete="cc-number"
            placeholder="1234 1234 1234 1234"
            maxLength={23}
            onChange={(e) => onChange('number', reformat(e, formatCardNumber))}
          />
          {brand !== 'unknown' ? <span className="card-brand">{BRAND_NAMES[brand]}</span> : null}
        </div>
        {errorText('number')}
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-expiry`}>Expiry date</label>
          <input
            {...inputProps('expiry', true)}
            inputMode="numeric"
            autoComplete="cc-exp"
            placeholder="MM / YY"
            maxLength={7}
            onChange={(e) => onChange('expiry', formatExpiry(e.target.value, values.expiry))}
          />
          <span id={`${id}-expiry-hint`} className="visually-hidden">
            Month and year, as MM / YY
          </span>
          {errorText('expiry')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-cvc`}>Security code (CVC)</label>
          <input
            {...inputProps('cvc', true)}
            inputMode="numeric"
            autoComplete="cc-csc"
            placeholder={`${cvcLength} digits`}
            maxLength={cvcLength}
            onChange={(e) => onChange('cvc', digitsOnly(e.target.value).slice(0, cvcLength))}
          />
          <span id={`${id}-cvc-hint`} className="visually-hidden">
            The {cvcLength} digits on the {brand === 'amex' ? 'front' : 'back'} of your card
          </span>
          {errorText('cvc')}
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-postal`}>Postal code</label>
        <input
          {...inputProps('postal')}
          autoComplete="postal-code"
          placeholder="12345"
          maxLength={10}
          style={{ maxWidth: '14rem' }}
          onChange={(e) => onChange('postal', e.target.value.toUpperCase())}
        />
        {errorText('postal')}
      </div>
    </>
  );
}
