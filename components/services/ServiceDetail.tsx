'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ServiceView, SlotView } from '@/lib/http/booking-processor';
import { formatMoney } from '@/lib/domain/money';
import { ApiError, bookingApi, errorMessage, loginHref } from '@/lib/client/api';
import {
  addDays,
  calendarDayParts,
  cancellationPolicyText,
  durationText,
  estimateTotalCents,
  formatTime,
  isIsoDate,
  localDateInZone,
  pricingUnitText,
  timeZoneLabel,
} from '@/lib/client/format';
import { useSession } from '@/components/session/SessionProvider';
import { ErrorState, LoadingState, Spinner } from '@/components/ui/States';

const WINDOW_DAYS = 14;
const MAX_DAYS_AHEAD = 180;

type Load<T> = { state: 'loading' } | { state: 'error'; message: string; notFound?: boolean } | { state: 'ready'; data: T };

interface Availability {
  from: string;
  to: string;
  timeZone: string;
  byDate: Map<string, SlotView[]>;
  /** Why no time can be booked at all (e.g. the provider cannot take bookings yet), from CHECK_AVAILABILITY. */
  unavailableMessage?: string;
}

function groupSlots(slots: SlotView[], timeZone: string): Map<string, SlotView[]> {
  const map = new Map<string, SlotView[]>();
  for (const slot of [...slots].sort((a, b) => a.startDateTime.localeCompare(b.startDateTime))) {
    const day = localDateInZone(slot.startDateTime, timeZone);
    const list = map.get(day) ?? [];
    list.push(slot);
    map.set(day, list);
  }
  return map;
}

export function ServiceDetail({ serviceId }: { serviceId: string }) {
  const [service, setService] = useState<Load<ServiceView>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setService({ state: 'loading' });
    bookingApi('GET_SERVICE', { serviceId }, { signal: controller.signal })
      .then((res) => setService({ state: 'ready', data: res.service }))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        const notFound = err instanceof ApiError && (err.status === 404 || err.status === 400);
        setService({ state: 'error', message: errorMessage(err), notFound });
      });
    return () => controller.abort();
  }, [serviceId, attempt]);

  if (service.state === 'loading') return <LoadingState label="Loading service…" />;
  if (service.state === 'error') {
    if (service.notFound) {
      return (
        <div className="not-found">
          <h1>Service not found</h1>
          <p className="muted">This service may have been removed by its provider.</p>
          <Link href="/services" className="button">
            Browse services
          </Link>
        </div>
      );
    }
    return (
      <ErrorState
        title="We couldn't load this service"
        message={service.message}
        onRetry={() => setAttempt((a) => a + 1)}
      />
    );
  }
  return <ServiceDetailView service={service.data} />;
}

function ServiceDetailView({ service }: { service: ServiceView }) {
  const policy = cancellationPolicyText(service.cancellationPolicy);
  const price = formatMoney({ amountCents: service.priceCents, currency: service.currency });
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <Link href="/services">Services</Link> <span aria-hidden="true">›</span>{' '}
        <Link href={`/services?category=${encodeURIComponent(service.category)}`}>{service.category}</Link>{' '}
        <span aria-hidden="true">›</span> <span aria-current="page">{service.title}</span>
      </nav>
      <div className="detail-layout">
        <section className="card" aria-labelledby="service-title">
          <span className="chip">{service.category}</span>
          <h1 id="service-title" style={{ marginTop: '0.5rem' }}>
            {service.title}
          </h1>
          <p className="muted">by {service.providerName}</p>
          <p style={{ whiteSpace: 'pre-line' }}>{service.description}</p>
          <dl className="facts">
            <div>
              <dt>Price</dt>
              <dd>
                {price} <span className="price__unit">{pricingUnitText(service.pricingUnit)}</span>
              </dd>
            </div>
            <div>
              <dt>Duration</dt>
              <dd>{durationText(service.durationMinutes)}</dd>
            </div>
            <div>
              <dt>Group size</dt>
              <dd>
                Up to {service.maxGroupSize} {service.maxGroupSize === 1 ? 'person' : 'people'}
              </dd>
            </div>
            <div>
              <dt>Location time</dt>
              <dd>{timeZoneLabel(service.timeZone)}</dd>
            </div>
          </dl>
          <h2>Cancellation policy: {policy.name}</h2>
          <p>{policy.description}</p>
        </section>
        <BookingForm service={service} />
      </div>
    </>
  );
}

function BookingForm({ service }: { service: ServiceView }) {
  const router = useRouter();
  const searchParams = useSearchParams();
  const { session } = useSession();
  const formId = useId();

  const zone = service.timeZone;
  const today = useMemo(() => localDateInZone(new Date(), zone), [zone]);
  const windowDays = useMemo(() => Array.from({ length: WINDOW_DAYS }, (_, i) => addDays(today, i)), [today]);
  const windowEnd = windowDays[windowDays.length - 1] ?? today;
  const maxDate = useMemo(() => addDays(today, MAX_DAYS_AHEAD), [today]);

  const requestedDate = searchParams.get('date');
  const initialDate =
    requestedDate && isIsoDate(requestedDate) && requestedDate >= today && requestedDate <= maxDate ? requestedDate : null;

  const [selectedDate, setSelectedDate] = useState<string | null>(initialDate);
  const [dateInput, setDateInput] = useState<string>(initialDate ?? '');
  const [dateError, setDateError] = useState<string | null>(null);
  const [selectedSlot, setSelectedSlot] = useState<string | null>(null);
  const [groupSize, setGroupSize] = useState(1);
  const [specialRequests, setSpecialRequests] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [slotNotice, setSlotNotice] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);

  // The 14-day window (one request), used for the day buttons and their free-slot counts.
  const [windowAvail, setWindowAvail] = useState<Load<Availability>>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    setWindowAvail({ state: 'loading' });
    bookingApi('CHECK_AVAILABILITY', { serviceId: service.id, from: today, to: windowEnd }, { signal: controller.signal })
      .then((res) => {
        const tz = res.timeZone || zone;
        // CHECK_AVAILABILITY explains when it offers no slots on purpose (the provider cannot take bookings yet).
        setWindowAvail({ state: 'ready', data: { from: today, to: windowEnd, timeZone: tz, byDate: groupSlots(res.slots, tz), ...(res.message ? { unavailableMessage: res.message } : {}) } });
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setWindowAvail({ state: 'error', message: errorMessage(err) });
      });
    return () => controller.abort();
  }, [service.id, today, windowEnd, zone, refreshKey]);

  // A date outside the window (from the native date input) gets its own request.
  const outsideWindow = selectedDate !== null && (selectedDate < today || selectedDate > windowEnd);
  const [dayAvail, setDayAvail] = useState<Load<Availability> | null>(null);
  useEffect(() => {
    if (!outsideWindow || !selectedDate) {
      setDayAvail(null);
      return;
    }
    const controller = new AbortController();
    setDayAvail({ state: 'loading' });
    bookingApi('CHECK_AVAILABILITY', { serviceId: service.id, from: selectedDate, to: selectedDate }, { signal: controller.signal })
      .then((res) => {
        const tz = res.timeZone || zone;
        setDayAvail({ state: 'ready', data: { from: selectedDate, to: selectedDate, timeZone: tz, byDate: groupSlots(res.slots, tz) } });
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setDayAvail({ state: 'error', message: errorMessage(err) });
      });
    return () => controller.abort();
  }, [outsideWindow, selectedDate, service.id, zone, refreshKey]);

  // Once the window is known, default to the first day with free slots.
  useEffect(() => {
    if (selectedDate !== null || windowAvail.state !== 'ready') return;
    const first = windowDays.find((d) => (windowAvail.data.byDate.get(d)?.length ?? 0) > 0) ?? today;
    setSelectedDate(first);
  }, [selectedDate, windowAvail, windowDays, today]);

  const slotSource = outsideWindow ? dayAvail : windowAvail;
  const displayZone = slotSource?.state === 'ready' ? slotSource.data.timeZone : zone;
  const slots: SlotView[] =
    slotSource?.state === 'ready' && selectedDate ? (slotSource.data.byDate.get(selectedDate) ?? []) : [];

  // Forget a chosen slot that is no longer offered (after a refresh or a day change).
  useEffect(() => {
    if (selectedSlot && slotSource?.state === 'ready' && !slots.some((s) => s.startDateTime === selectedSlot)) {
      setSelectedSlot(null);
    }
  }, [selectedSlot, slotSource, slots]);

  const chosenSlot = slots.find((s) => s.startDateTime === selectedSlot) ?? null;
  const estimate = estimateTotalCents(service.priceCents, service.pricingUnit, groupSize);
  const zoneText = timeZoneLabel(displayZone, chosenSlot ? new Date(chosenSlot.startDateTime) : new Date());

  const chooseDate = (d: string) => {
    setSelectedDate(d);
    setDateInput(d);
    setDateError(null);
    setSelectedSlot(null);
    setFormError(null);
  };

  const onDateInput = (value: string) => {
    setDateInput(value);
    if (!value) return;
    if (!isIsoDate(value)) {
      setDateError('Enter a valid date.');
    } else if (value < today) {
      setDateError('Pick today or a later date.');
    } else if (value > maxDate) {
      setDateError(`Bookings open up to ${MAX_DAYS_AHEAD} days ahead. Pick an earlier date.`);
    } else {
      chooseDate(value);
    }
  };

  const refreshSlots = useCallback(() => setRefreshKey((k) => k + 1), []);

  const submitRef = useRef<HTMLButtonElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    setSlotNotice(null);
    if (!chosenSlot || !selectedDate) {
      setFormError('Pick a time for your booking first.');
      errorRef.current?.focus();
      return;
    }
    const returnTo = `/services/${encodeURIComponent(service.id)}?date=${selectedDate}`;
    if (session.status === 'anonymous') {
      router.push(loginHref(returnTo));
      return;
    }
    setSubmitting(true);
    try {
      const trimmed = specialRequests.trim();
      const res = await bookingApi('CREATE_BOOKING', {
        serviceId: service.id,
        startDateTime: chosenSlot.startDateTime,
        endDateTime: chosenSlot.endDateTime,
        groupSize,
        ...(trimmed ? { specialRequests: trimmed } : {}),
      });
      router.push(`/bookings/${encodeURIComponent(res.bookingId)}/pay`);
      // Keep the button busy while navigating.
      return;
    } catch (err) {
      if (err instanceof ApiError && err.isUnauthenticated) {
        router.push(loginHref(returnTo));
        return;
      }
      if (err instanceof ApiError && (err.code === 'SLOT_UNAVAILABLE' || err.status === 409)) {
        setSlotNotice('Someone just booked this slot — please pick another.');
        setSelectedSlot(null);
        refreshSlots();
      } else {
        setFormError(errorMessage(err));
      }
      setSubmitting(false);
      requestAnimationFrame(() => errorRef.current?.focus());
    }
  };

  const groupOptions = Array.from({ length: Math.max(1, service.maxGroupSize) }, (_, i) => i + 1);

  return (
    <section className="card" aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>Book a time</h2>
      <form onSubmit={onSubmit} noValidate aria-describedby={`${formId}-zone`}>
        <p id={`${formId}-zone`} className="muted small">
          All times are shown in the provider&apos;s time zone: <strong>{zoneText}</strong>.
        </p>

        <fieldset>
          <legend>Choose a day</legend>
          {windowAvail.state === 'error' ? (
            <div className="alert alert--error" role="alert">
              <p>We couldn&apos;t load free times. {windowAvail.message}</p>
              <button type="button" className="button button--secondary" onClick={refreshSlots}>
                Try again
              </button>
            </div>
          ) : null}
          {windowAvail.state === 'ready' && windowAvail.data.unavailableMessage ? (
            <p className="alert alert--info" role="status">
              {windowAvail.data.unavailableMessage}
            </p>
          ) : null}
          <div className="choice-grid choice-grid--days">
            {windowDays.map((d) => {
              const parts = calendarDayParts(d);
              const count = windowAvail.state === 'ready' ? (windowAvail.data.byDate.get(d)?.length ?? 0) : null;
              const full = count === 0;
              const sub = count === null ? ' ' : full ? '—' : `${count} free`;
              const aria = `${parts.long}${count === null ? '' : full ? ', no free times' : `, ${count} free ${count === 1 ? 'time' : 'times'}`}`;
              return (
                <label key={d} className="choice">
                  <input
                    type="radio"
                    name={`${formId}-day`}
                    value={d}
                    checked={selectedDate === d}
                    disabled={full}
                    onChange={() => chooseDate(d)}
                    aria-label={aria}
                  />
                  <span className="choice__sub" aria-hidden="true">
                    {d === today ? 'Today' : parts.weekday}
                  </span>
                  <span className="choice__main" aria-hidden="true">
                    {parts.day}
                  </span>
                  <span className="choice__sub" aria-hidden="true">
                    {parts.month}
                  </span>
                  <span className="choice__count" aria-hidden="true">
                    {sub}
                  </span>
                </label>
              );
            })}
          </div>
          <div className="date-input-row">
            <div className="field">
              <label htmlFor={`${formId}-date`}>Or pick another date</label>
              <input
                id={`${formId}-date`}
                className="input"
                type="date"
                min={today}
                max={maxDate}
                value={dateInput}
                onChange={(e) => onDateInput(e.target.value)}
                aria-invalid={dateError ? true : undefined}
                aria-describedby={dateError ? `${formId}-date-error` : undefined}
              />
            </div>
          </div>
          {dateError ? (
            <p id={`${formId}-date-error`} className="field__error" role="alert">
              {dateError}
            </p>
          ) : null}
        </fieldset>

        <fieldset aria-busy={slotSource?.state === 'loading'}>
          <legend>
            Available times{selectedDate ? ` on ${calendarDayParts(selectedDate).long}` : ''}
            <span className="visually-hidden"> ({zoneText})</span>
          </legend>
          {slotNotice ? (
            <div className="alert alert--warning" role="alert">
              {slotNotice}
            </div>
          ) : null}
          <SlotList
            source={slotSource}
            selectedDate={selectedDate}
            slots={slots}
            zone={displayZone}
            selectedSlot={selectedSlot}
            onSelect={(s) => {
              setSelectedSlot(s);
              setFormError(null);
            }}
            name={`${formId}-slot`}
            onRetry={refreshSlots}
          />
        </fieldset>

        <div className="field">
          <label htmlFor={`${formId}-group`}>Group size</label>
          <select
            id={`${formId}-group`}
            className="select"
            value={groupSize}
            onChange={(e) => setGroupSize(Number(e.target.value))}
          >
            {groupOptions.map((n) => (
              <option key={n} value={n}>
                {n} {n === 1 ? 'person' : 'people'}
              </option>
            ))}
          </select>
        </div>

        <div className="field">
          <label htmlFor={`${formId}-requests`}>Special requests (optional)</label>
          <textarea
            id={`${formId}-requests`}
            className="textarea"
            maxLength={1000}
            value={specialRequests}
            onChange={(e) => setSpecialRequests(e.target.value)}
            aria-describedby={`${formId}-requests-hint`}
          />
          <span id={`${formId}-requests-hint`} className="field__hint">
            Accessibility needs, questions for the provider… ({1000 - specialRequests.length} characters left)
          </span>
        </div>

        <section aria-labelledby={`${formId}-summary`} className="card" style={{ background: 'var(--color-surface-muted)', boxShadow: 'none' }}>
          <h3 id={`${formId}-summary`}>Price summary</h3>
          <dl className="summary" aria-live="polite">
            <div>
              <dt>
                {formatMoney({ amountCents: service.priceCents, currency: service.currency })}{' '}
                {pricingUnitText(service.pricingUnit)}
                {service.pricingUnit === 'PER_PERSON' ? ` × ${groupSize}` : ''}
              </dt>
              <dd>{formatMoney({ amountCents: estimate, currency: service.currency })}</dd>
            </div>
            <div>
              <dt>When</dt>
              <dd>
                {chosenSlot
                  ? `${calendarDayParts(localDateInZone(chosenSlot.startDateTime, displayZone)).long}, ${formatTime(chosenSlot.startDateTime, displayZone)}`
                  : 'Pick a time'}
              </dd>
            </div>
            <div className="summary__total">
              <dt>Estimated total</dt>
              <dd>{formatMoney({ amountCents: estimate, currency: service.currency })}</dd>
            </div>
          </dl>
          <p className="small muted" style={{ margin: '0.5rem 0 0' }}>
            The final price is confirmed at checkout. You won&apos;t be charged until you pay.
          </p>
        </section>

        <div ref={errorRef} tabIndex={-1} aria-live="assertive" style={{ marginTop: '1rem' }}>
          {formError ? (
            <div className="alert alert--error" role="alert">
              {formError}
            </div>
          ) : null}
        </div>

        <button
          ref={submitRef}
          type="submit"
          className="button button--block button--large"
          disabled={submitting}
          aria-disabled={!chosenSlot ? true : undefined}
        >
          {submitting ? (
            <>
              <Spinner small /> Reserving your slot…
            </>
          ) : (
            'Book and pay'
          )}
        </button>
        {session.status === 'anonymous' ? (
          <p className="small muted" style={{ textAlign: 'center', marginTop: '0.5rem' }}>
            You&apos;ll be asked to log in first.
          </p>
        ) : null}
      </form>
    </section>
  );
}

function SlotList({
  source,
  selectedDate,
  slots,
  zone,
  selectedSlot,
  onSelect,
  name,
  onRetry,
}: {
  source: Load<Availability> | null;
  selectedDate: string | null;
  slots: SlotView[];
  zone: string;
  selectedSlot: string | null;
  onSelect: (start: string) => void;
  name: string;
  onRetry: () => void;
}) {
  if (!source || source.state === 'loading' || !selectedDate) {
    return (
      <p role="status" className="muted" style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}>
        <Spinner small /> Loading free times…
      </p>
    );
  }
  if (source.state === 'error') {
    return (
      <div className="alert alert--error" role="alert">
        <p>We couldn&apos;t load free times. {source.message}</p>
        <button type="button" className="button button--secondary" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  if (slots.length === 0) {
    return (
      <p role="status" className="muted">
        No free times on this day. Please pick another day.
      </p>
    );
  }
  return (
    <>
      <p className="visually-hidden" role="status">
        {slots.length} free {slots.length === 1 ? 'time' : 'times'}
      </p>
      <div className="choice-grid choice-grid--slots">
        {slots.map((slot) => {
          const start = formatTime(slot.startDateTime, zone);
          const end = formatTime(slot.endDateTime, zone);
          return (
            <label key={slot.startDateTime} className="choice">
              <input
                type="radio"
                name={name}
                value={slot.startDateTime}
                checked={selectedSlot === slot.startDateTime}
                onChange={() => onSelect(slot.startDateTime)}
                aria-label={`${start} to ${end}`}
              />
              <span className="choice__main" aria-hidden="true" style={{ fontSize: '0.95rem' }}>
                {start}
              </span>
              <span className="choice__sub" aria-hidden="true">
                to {end}
              </span>
            </label>
          );
        })}
      </div>
    </>
  );
}
