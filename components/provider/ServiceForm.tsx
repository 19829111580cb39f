'use client';

import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { CancellationPolicy, PricingUnit } from '@/lib/data/records';
import type { ProviderServiceView } from '@/lib/http/booking-processor';
import { SUPPORTED_CURRENCIES, type Currency } from '@/lib/domain/money';
import { SERVICE_LIMITS, type ServiceDefinition } from '@/lib/domain/service-rules';
import { cancellationPolicyText, DEFAULT_TIME_ZONE, durationText } from '@/lib/client/format';
import { Spinner } from '@/components/ui/States';
import { BlockedDatesField } from './BlockedDatesField';
import { BookingWindowField } from './BookingWindowField';
import { FIELD_LABELS, initialState, toDefinition, type FormState } from './service-form-state';
import { WeeklyHoursField } from './WeeklyHoursField';

const POLICIES: CancellationPolicy[] = ['FLEXIBLE', 'MODERATE', 'STRICT'];
const DURATIONS = Array.from(
  { length: SERVICE_LIMITS.durationMax / SERVICE_LIMITS.durationStep },
  (_, i) => (i + 1) * SERVICE_LIMITS.durationStep,
);

export interface ServiceFormProps {
  service?: ProviderServiceView;
  submitLabel: string;
  onSubmit: (def: ServiceDefinition) => Promise<void>;
  onCancel: () => void;
  /** Field messages from the server's 400 (paths as in the service rules). */
  serverErrors: Record<string, string>;
  serverMessage: string | null;
}

export function ServiceForm({ service, submitLabel, onSubmit, onCancel, serverErrors, serverMessage }: ServiceFormProps) {
  const id = useId();
  const [state, setState] = useState<FormState>(() => initialState(service));
  const [shownErrors, setShownErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const zones = useMemo(() => {
    const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [DEFAULT_TIME_ZONE];
    return list.includes(state.timeZone) ? list : [state.timeZone, ...list];
  }, [state.timeZone]);

  // After a first submit, messages follow the values as they are corrected (same rules as the server).
  const liveErrors = useMemo(() => (submitted ? toDefinition(state).errors : {}), [submitted, state]);
  const errors = submitted ? { ...liveErrors, ...serverErrors } : { ...shownErrors, ...serverErrors };
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setState((s) => ({ ...s, [key]: value }));
  const fieldId = (name: string) => `${id}-${name}`;
  const errorId = (name: string) => `${id}-${name}-error`;
  const describe = (name: string, hint?: boolean) =>
    [hint ? `${id}-${name}-hint` : '', errors[name] ? errorId(name) : ''].filter(Boolean).join(' ') || undefined;
  const errorText = (name: string) =>
    errors[name] ? (
      <span id={errorId(name)} className="field__error">
        {errors[name]}
      </span>
    ) : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { def, errors: found } = toDefinition(state);
    setSubmitted(true);
    setShownErrors(found);
    if (Object.keys(found).length > 0) {
      summaryRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSubmit(def);
    } finally {
      setBusy(false);
    }
  };

  const summary = Object.entries(errors);
  const policy = cancellationPolicyText(state.cancellationPolicy);

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{service ? `Edit “${service.title}”` : 'New service'}</h2>
      <div ref={summaryRef} tabIndex={-1} aria-live="assertive">
        {summary.length > 0 || serverMessage ? (
          <div className="alert alert--error" role="alert">
            <p className="alert__title">{serverMessage ?? 'Please fix the following:'}</p>
            {summary.length > 0 ? (
              <ul>
                {summary.map(([path, message]) => (
                  <li key={path}>
                    {FIELD_LABELS[path.split('.')[0] ?? ''] ?? path}: {message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>

      <div className="field">
        <label htmlFor={fieldId('title')}>Title</label>
        <input
          id={fieldId('title')}
          className="input"
          value={state.title}
          maxLength={SERVICE_LIMITS.titleMax}
          onChange={(e) => set('title', e.target.value)}
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={describe('title')}
        />
        {errorText('title')}
      </div>
      <div className="field">
        <label htmlFor={fieldId('category')}>Category</label>
        <input
          id={fieldId('category')}
          className="input"
          value={state.category}
          maxLength={SERVICE_LIMITS.categoryMax}
          onChange={(e) => set('category', e.target.value)}
          aria-invalid={errors.category ? true : undefined}
          aria-describedby={describe('category')}
        />
        {errorText('category')}
      </div>
      <div className="field">
        <label htmlFor={fieldId('description')}>Description</label>
        <textarea
          id={fieldId('description')}
          className="textarea"
          value={state.description}
          maxLength={SERVICE_LIMITS.descriptionMax}
          onChange={(e) => set('description', e.target.value)}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={describe('description')}
        />
        {errorText('description')}
      </div>

      <div className="field-row">
        <div className="field">
          <label htmlFor={fieldId('priceCents')}>Price</label>
          <span id={`${id}-priceCents-hint`} className="field__hint">
            For example 25.00
          </span>
          <input
            id={fieldId('priceCents')}
            className="input"
            inputMode="decimal"
            value={state.price}
            onChange={(e) => set('price', e.target.value)}
            aria-invalid={errors.priceCents ? true : undefined}
            aria-describedby={describe('priceCents', true)}
          />
          {errorText('priceCents')}
        </div>
        <div className="field">
          <label htmlFor={fieldId('currency')}>Currency</label>
          <select
            id={fieldId('currency')}
            className="select"
            value={state.currency}
            onChange={(e) => set('currency', e.target.value as Currency)}
            aria-describedby={describe('currency')}
          >
            {SUPPORTED_CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c.toUpperCase()}
              </option>
            ))}
          </select>
          {errorText('currency')}
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={fieldId('pricingUnit')}>Price applies</label>
          <select
            id={fieldId('pricingUnit')}
            className="select"
            value={state.pricingUnit}
            onChange={(e) => set('pricingUnit', e.target.value as PricingUnit)}
          >
            <option value="PER_BOOKING">Per booking</option>
            <option value="PER_PERSON">Per person</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={fieldId('durationMinutes')}>Duration</label>
          <select
            id={fieldId('durationMinutes')}
            className="select"
            value={state.durationMinutes}
            onChange={(e) => set('durationMinutes', Number(e.target.value))}
            aria-describedby={describe('durationMinutes')}
          >
            {DURATIONS.map((m) => (
              <option key={m} value={m}>
                {durationText(m)}
              </option>
            ))}
          </select>
          {errorText('durationMinutes')}
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={fieldId('maxGroupSize')}>Group size limit</label>
          <input
            id={fieldId('maxGroupSize')}
            className="input"
            type="number"
            min={1}
            max={SERVICE_LIMITS.groupMax}
            step={1}
            inputMode="numeric"
            value={state.maxGroupSize}
            onChange={(e) => set('maxGroupSize', e.target.value)}
            aria-invalid={errors.maxGroupSize ? true : undefined}
            aria-describedby={describe('maxGroupSize')}
          />
          {errorText('maxGroupSize')}
        </div>
        <div className="field">
          <label htmlFor={fieldId('cancellationPolicy')}>Cancellation policy</label>
          <select
            id={fieldId('cancellationPolicy')}
            className="select"
            value={state.cancellationPolicy}
            onChange={(e) => set('cancellationPolicy', e.target.value as CancellationPolicy)}
            aria-describedby={`${id}-cancellationPolicy-hint`}
          >
            {POLICIES.map((p) => (
              <option key={p} value={p}>
                {cancellationPolicyText(p).name}
              </option>
            ))}
          </select>
          <span id={`${id}-cancellationPolicy-hint`} className="field__hint">
            {policy.description}
          </span>
        </div>
      </div>
      <div className="field">
        <label htmlFor={fieldId('timeZone')}>Time zone</label>
        <span id={`${id}-timeZone-hint`} className="field__hint">
          Your weekly hours are in this time zone; customers see times converted correctly, also across daylight-saving changes.
        </span>
        <select
          id={fieldId('timeZone')}
          className="select"
          value={state.timeZone}
          onChange={(e) => set('timeZone', e.target.value)}
          aria-invalid={errors.timeZone ? true : undefined}
          aria-describedby={describe('timeZone', true)}
        >
          {zones.map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
        {errorText('timeZone')}
      </div>

      <WeeklyHoursField
        id={id}
        weekly={state.weekly}
        onChange={(weekly) => set('weekly', weekly)}
        errors={errors}
        fieldError={errorText('weeklyAvailability')}
        fieldErrorId={errorId('weeklyAvailability')}
      />
      <BlockedDatesField
        id={id}
        dates={state.blockedDates}
        onChange={(dates) => set('blockedDates', dates)}
        errors={errors}
        fieldError={errorText('blockedDates')}
      />
      <BookingWindowField
        id={id}
        maxAdvanceDays={state.maxAdvanceDays}
        minNoticeMinutes={state.minNoticeMinutes}
        onDaysChange={(value) => set('maxAdvanceDays', value)}
        onNoticeChange={(minutes) => set('minNoticeMinutes', minutes)}
        errors={errors}
        errorText={errorText}
      />

      <div className="hero__actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? (
            <>
              <Spinner small /> Saving…
            </>
          ) : (
            submitLabel
          )}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
