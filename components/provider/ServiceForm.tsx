'use client';

import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { CancellationPolicy, PricingUnit, TimeRange, Weekday } from '@/lib/data/records';
import type { ProviderServiceView } from '@/lib/http/booking-processor';
import { SUPPORTED_CURRENCIES, type Currency } from '@/lib/domain/money';
import {
  formatPriceInput,
  parsePriceInput,
  SERVICE_LIMITS,
  validateServiceDefinition,
  WEEKDAYS,
  type ServiceDefinition,
} from '@/lib/domain/service-rules';
import { cancellationPolicyText, DEFAULT_TIME_ZONE, durationText } from '@/lib/client/format';
import { Spinner } from '@/components/ui/States';

const DAY_NAMES: Record<Weekday, string> = {
  MON: 'Monday',
  TUE: 'Tuesday',
  WED: 'Wednesday',
  THU: 'Thursday',
  FRI: 'Friday',
  SAT: 'Saturday',
  SUN: 'Sunday',
};
const RANGE_ROW = { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr) auto', gap: '0.75rem', alignItems: 'end' } as const;
const POLICIES: CancellationPolicy[] = ['FLEXIBLE', 'MODERATE', 'STRICT'];
const DURATIONS = Array.from({ length: SERVICE_LIMITS.durationMax / SERVICE_LIMITS.durationStep }, (_, i) => (i + 1) * SERVICE_LIMITS.durationStep);

interface FormState {
  title: string;
  category: string;
  description: string;
  price: string;
  currency: Currency;
  pricingUnit: PricingUnit;
  durationMinutes: number;
  maxGroupSize: string;
  cancellationPolicy: CancellationPolicy;
  timeZone: string;
  weekly: Record<Weekday, TimeRange[]>;
  blockedDates: string[];
}

function browserTimeZone(): string {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && zone.includes('/') ? zone : DEFAULT_TIME_ZONE;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

function initialState(service?: ProviderServiceView): FormState {
  const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as TimeRange[]])) as Record<Weekday, TimeRange[]>;
  if (service) {
    for (const d of WEEKDAYS) weekly[d] = (service.weeklyAvailability[d] ?? []).map((r) => ({ ...r }));
    return {
      title: service.title,
      category: service.category,
      description: service.description,
      price: formatPriceInput(service.priceCents),
      currency: service.currency,
      pricingUnit: service.pricingUnit,
      durationMinutes: service.durationMinutes,
      maxGroupSize: String(service.maxGroupSize),
      cancellationPolicy: service.cancellationPolicy,
      timeZone: service.timeZone,
      weekly,
      blockedDates: [...service.blockedDates],
    };
  }
  for (const d of ['MON', 'TUE', 'WED', 'THU', 'FRI'] as const) weekly[d] = [{ start: '09:00', end: '17:00' }];
  return {
    title: '',
    category: '',
    description: '',
    price: '',
    currency: 'usd',
    pricingUnit: 'PER_BOOKING',
    durationMinutes: 60,
    maxGroupSize: '1',
    cancellationPolicy: 'MODERATE',
    timeZone: browserTimeZone(),
    weekly,
    blockedDates: [],
  };
}

/** The form's values as a service definition plus the problems the shared rules find (same rules as the server). */
function toDefinition(state: FormState): { def: ServiceDefinition; errors: Record<string, string> } {
  const priceCents = parsePriceInput(state.price);
  const group = /^\d+$/.test(state.maxGroupSize.trim()) ? Number(state.maxGroupSize.trim()) : Number.NaN;
  const weeklyAvailability = Object.fromEntries(WEEKDAYS.filter((d) => state.weekly[d].length > 0).map((d) => [d, state.weekly[d]]));
  const def: ServiceDefinition = {
    title: state.title,
    category: state.category,
    description: state.description,
    priceCents: priceCents ?? Number.NaN,
    currency: state.currency,
    pricingUnit: state.pricingUnit,
    durationMinutes: state.durationMinutes,
    maxGroupSize: group,
    cancellationPolicy: state.cancellationPolicy,
    timeZone: state.timeZone,
    weeklyAvailability,
    blockedDates: state.blockedDates,
  };
  const errors: Record<string, string> = {};
  for (const e of validateServiceDefinition(def)) if (!(e.path in errors)) errors[e.path] = e.message;
  if (priceCents === undefined) errors.priceCents = 'Enter a price like 25.00 (at most two decimals).';
  return { def, errors };
}

const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  category: 'Category',
  description: 'Description',
  priceCents: 'Price',
  currency: 'Currency',
  pricingUnit: 'Price applies',
  durationMinutes: 'Duration',
  maxGroupSize: 'Group size limit',
  cancellationPolicy: 'Cancellation policy',
  timeZone: 'Time zone',
  weeklyAvailability: 'Weekly hours',
  blockedDates: 'Blocked dates',
};

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
  const [newBlocked, setNewBlocked] = useState('');
  const [blockedInputError, setBlockedInputError] = useState<string | null>(null);
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

  const setRange = (day: Weekday, index: number, part: keyof TimeRange, value: string) =>
    setState((s) => ({ ...s, weekly: { ...s.weekly, [day]: s.weekly[day].map((r, i) => (i === index ? { ...r, [part]: value } : r)) } }));
  const addRange = (day: Weekday) =>
    setState((s) => {
      const last = s.weekly[day].at(-1);
      const next = last ? { start: last.end, end: last.end < '22:00' ? `${String(Number(last.end.slice(0, 2)) + 2).padStart(2, '0')}:${last.end.slice(3)}` : '23:45' } : { start: '09:00', end: '17:00' };
      return { ...s, weekly: { ...s.weekly, [day]: [...s.weekly[day], next] } };
    });
  const removeRange = (day: Weekday, index: number) =>
    setState((s) => ({ ...s, weekly: { ...s.weekly, [day]: s.weekly[day].filter((_, i) => i !== index) } }));
  const addBlocked = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(newBlocked)) {
      setBlockedInputError('Pick a date to block first.');
      return;
    }
    setBlockedInputError(null);
    if (!state.blockedDates.includes(newBlocked)) set('blockedDates', [...state.blockedDates, newBlocked].sort());
    setNewBlocked('');
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
        <input id={fieldId('title')} className="input" value={state.title} maxLength={SERVICE_LIMITS.titleMax} onChange={(e) => set('title', e.target.value)} aria-invalid={errors.title ? true : undefined} aria-describedby={describe('title')} />
        {errorText('title')}
      </div>
      <div className="field">
        <label htmlFor={fieldId('category')}>Category</label>
        <input id={fieldId('category')} className="input" value={state.category} maxLength={SERVICE_LIMITS.categoryMax} onChange={(e) => set('category', e.target.value)} aria-invalid={errors.category ? true : undefined} aria-describedby={describe('category')} />
        {errorText('category')}
      </div>
      <div className="field">
        <label htmlFor={fieldId('description')}>Description</label>
        <textarea id={fieldId('description')} className="textarea" value={state.description} maxLength={SERVICE_LIMITS.descriptionMax} onChange={(e) => set('description', e.target.value)} aria-invalid={errors.description ? true : undefined} aria-describedby={describe('description')} />
        {errorText('description')}
      </div>

      <div className="field-row">
        <div className="field">
          <label htmlFor={fieldId('priceCents')}>Price</label>
          <span id={`${id}-priceCents-hint`} className="field__hint">
            For example 25.00
          </span>
          <input id={fieldId('priceCents')} className="input" inputMode="decimal" value={state.price} onChange={(e) => set('price', e.target.value)} aria-invalid={errors.priceCents ? true : undefined} aria-describedby={describe('priceCents', true)} />
          {errorText('priceCents')}
        </div>
        <div className="field">
          <label htmlFor={fieldId('currency')}>Currency</label>
          <select id={fieldId('currency')} className="select" value={state.currency} onChange={(e) => set('currency', e.target.value as Currency)} aria-describedby={describe('currency')}>
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
          <select id={fieldId('pricingUnit')} className="select" value={state.pricingUnit} onChange={(e) => set('pricingUnit', e.target.value as PricingUnit)}>
            <option value="PER_BOOKING">Per booking</option>
            <option value="PER_PERSON">Per person</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={fieldId('durationMinutes')}>Duration</label>
          <select id={fieldId('durationMinutes')} className="select" value={state.durationMinutes} onChange={(e) => set('durationMinutes', Number(e.target.value))} aria-describedby={describe('durationMinutes')}>
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
          <input id={fieldId('maxGroupSize')} className="input" type="number" min={1} max={SERVICE_LIMITS.groupMax} step={1} inputMode="numeric" value={state.maxGroupSize} onChange={(e) => set('maxGroupSize', e.target.value)} aria-invalid={errors.maxGroupSize ? true : undefined} aria-describedby={describe('maxGroupSize')} />
          {errorText('maxGroupSize')}
        </div>
        <div className="field">
          <label htmlFor={fieldId('cancellationPolicy')}>Cancellation policy</label>
          <select id={fieldId('cancellationPolicy')} className="select" value={state.cancellationPolicy} onChange={(e) => set('cancellationPolicy', e.target.value as CancellationPolicy)} aria-describedby={`${id}-cancellationPolicy-hint`}>
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
        <select id={fieldId('timeZone')} className="select" value={state.timeZone} onChange={(e) => set('timeZone', e.target.value)} aria-invalid={errors.timeZone ? true : undefined} aria-describedby={describe('timeZone', true)}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
        {errorText('timeZone')}
      </div>

      <fieldset className="field" aria-describedby={errors.weeklyAvailability ? errorId('weeklyAvailability') : undefined}>
        <legend>Weekly hours</legend>
        {errorText('weeklyAvailability')}
        {WEEKDAYS.map((day) => {
          const dayErrors = Object.entries(errors).filter(([p]) => p === `weeklyAvailability.${day}` || p.startsWith(`weeklyAvailability.${day}.`));
          return (
            <fieldset key={day} className="field" aria-describedby={dayErrors.length ? `${id}-${day}-errors` : undefined}>
              <legend>{DAY_NAMES[day]}</legend>
              {state.weekly[day].length === 0 ? <p className="muted small">Closed</p> : null}
              {state.weekly[day].map((range, i) => (
                <div key={i} role="group" aria-label={`${DAY_NAMES[day]} hours ${i + 1}`} style={RANGE_ROW}>
                  <div className="field">
                    <label htmlFor={`${id}-${day}-${i}-start`}>From</label>
                    <input id={`${id}-${day}-${i}-start`} className="input" type="time" step={900} value={range.start} onChange={(e) => setRange(day, i, 'start', e.target.value)} aria-invalid={errors[`weeklyAvailability.${day}.${i}`] ? true : undefined} />
                  </div>
                  <div className="field">
                    <label htmlFor={`${id}-${day}-${i}-end`}>To</label>
                    <input id={`${id}-${day}-${i}-end`} className="input" type="time" step={900} value={range.end} onChange={(e) => setRange(day, i, 'end', e.target.value)} aria-invalid={errors[`weeklyAvailability.${day}.${i}`] ? true : undefined} />
                  </div>
                  <button type="button" className="button button--ghost" style={{ marginBottom: '0.5rem' }} onClick={() => removeRange(day, i)} aria-label={`Remove ${DAY_NAMES[day]} ${range.start}–${range.end}`}>
                    Remove
                  </button>
                </div>
              ))}
              {dayErrors.length ? (
                <ul id={`${id}-${day}-errors`} className="field__error">
                  {dayErrors.map(([p, m]) => (
                    <li key={p}>{m}</li>
                  ))}
                </ul>
              ) : null}
              <button type="button" className="button button--secondary" style={{ width: 'auto', justifySelf: 'start', alignSelf: 'start' }} onClick={() => addRange(day)} aria-label={`Add hours on ${DAY_NAMES[day]}`}>
                Add hours
              </button>
            </fieldset>
          );
        })}
      </fieldset>

      <fieldset className="field">
        <legend>Blocked dates</legend>
        <p className="field__hint">Days you are not available (holidays), in your time zone.</p>
        <div className="date-input-row">
          <label htmlFor={`${id}-newBlocked`} className="visually-hidden">
            Date to block
          </label>
          <input
            id={`${id}-newBlocked`}
            className="input"
            type="date"
            value={newBlocked}
            onChange={(e) => setNewBlocked(e.target.value)}
            aria-invalid={blockedInputError ? true : undefined}
            aria-describedby={blockedInputError ? `${id}-newBlocked-error` : undefined}
          />
          <button type="button" className="button button--secondary" style={{ width: 'auto', justifySelf: 'start', alignSelf: 'start' }} onClick={addBlocked}>
            Block date
          </button>
        </div>
        {blockedInputError ? (
          <span id={`${id}-newBlocked-error`} className="field__error" role="alert">
            {blockedInputError}
          </span>
        ) : null}
        {errorText('blockedDates')}
        {state.blockedDates.length > 0 ? (
          <ul aria-label="Blocked dates">
            {state.blockedDates.map((d, i) => (
              <li key={d}>
                {d}{' '}
                <button type="button" className="button button--ghost" onClick={() => set('blockedDates', state.blockedDates.filter((x) => x !== d))} aria-label={`Unblock ${d}`}>
                  Unblock
                </button>
                {errors[`blockedDates.${i}`] ? <span className="field__error"> {errors[`blockedDates.${i}`]}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </fieldset>

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
