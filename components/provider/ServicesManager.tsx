'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { ProviderServiceView } from '@/lib/http/booking-processor';
import { formatMoney } from '@/lib/domain/money';
import type { ServiceDefinition } from '@/lib/domain/service-rules';
import { bookingApi } from '@/lib/client/api';
import { errorMessage, fieldErrors } from '@/lib/client/http';
import { durationText, pricingUnitText, timeZoneLabel } from '@/lib/client/format';
import { useSignedInUser } from '@/components/session/useSignedInUser';
import { Loaded } from '@/components/ui/Loaded';
import { EmptyState, Spinner } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';
import { ServiceForm } from './ServiceForm';

type Editing = { mode: 'none' } | { mode: 'create' } | { mode: 'edit'; service: ProviderServiceView };

export function ServicesManager() {
  const signedIn = useSignedInUser('/provider/services', 'Loading your services…');
  if (!signedIn.user) return signedIn.view;
  const user = signedIn.user;
  if (!user.groups.includes('PROVIDER')) {
    return (
      <EmptyState title="Only providers can manage services">
        <p>
          <Link href="/provider">Become a provider</Link> to list your services.
        </p>
      </EmptyState>
    );
  }
  return <Manager />;
}

function Manager() {
  const load = useLoad(async (signal) => (await bookingApi('LIST_MY_SERVICES', {}, { signal })).services);
  const [editing, setEditing] = useState<Editing>({ mode: 'none' });
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [serverMessage, setServerMessage] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const open = (next: Editing) => {
    setServerErrors({});
    setServerMessage(null);
    setNotice(null);
    setEditing(next);
  };

  const save = async (def: ServiceDefinition) => {
    setServerErrors({});
    setServerMessage(null);
    try {
      const saved =
        editing.mode === 'edit'
          ? (await bookingApi('UPDATE_SERVICE', { serviceId: editing.service.id, ...def })).service
          : (await bookingApi('CREATE_SERVICE', def)).service;
      load.setData((services) => [saved, ...services.filter((s) => s.id !== saved.id)]);
      setNotice(editing.mode === 'edit' ? `Saved “${saved.title}”.` : `Created “${saved.title}”.`);
      setEditing({ mode: 'none' });
    } catch (err) {
      setServerErrors(fieldErrors(err));
      setServerMessage(errorMessage(err));
    }
  };

  if (editing.mode !== 'none') {
    return (
      <section className="card">
        <ServiceForm
          key={editing.mode === 'edit' ? editing.service.id : 'new'}
          {...(editing.mode === 'edit' ? { service: editing.service } : {})}
          submitLabel={editing.mode === 'edit' ? 'Save changes' : 'Create service'}
          onSubmit={save}
          onCancel={() => open({ mode: 'none' })}
          serverErrors={serverErrors}
          serverMessage={serverMessage}
        />
      </section>
    );
  }

  return (
    <>
      <div className="section-header page-header">
        <div>
          <h1>Your services</h1>
          <p>
            <Link href="/provider">Back to the provider dashboard</Link>
          </p>
        </div>
        <button type="button" className="button" onClick={() => open({ mode: 'create' })}>
          Add a service
        </button>
      </div>
      <div aria-live="polite">{notice ? <div className="alert alert--success">{notice}</div> : null}</div>
      <Loaded load={load} label="Loading your services…" errorTitle="We couldn't load your services">
        {(services) =>
          services.length === 0 ? (
            <EmptyState title="No services yet">
              <p>Add your first service: a title, a price, its duration and your weekly hours.</p>
            </EmptyState>
          ) : (
            <div className="booking-list">
              {services.map((s) => (
                <ServiceItem
                  key={s.id}
                  service={s}
                  onEdit={() => open({ mode: 'edit', service: s })}
                  onDeactivated={(updated) => {
                    load.setData((list) => list.map((x) => (x.id === updated.id ? updated : x)));
                    setNotice(`Deactivated “${updated.title}”. Customers can no longer find or book it.`);
                  }}
                />
              ))}
            </div>
          )
        }
      </Loaded>
    </>
  );
}

function ServiceItem({
  service,
  onEdit,
  onDeactivated,
}: {
  service: ProviderServiceView;
  onEdit: () => void;
  onDeactivated: (s: ProviderServiceView) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headingId = `service-${service.id}`;

  const deactivate = async () => {
    setBusy(true);
    setError(null);
    try {
      onDeactivated((await bookingApi('DEACTIVATE_SERVICE', { serviceId: service.id })).service);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  const badge = !service.isActive
    ? { tone: 'neutral', text: 'Deactivated' }
    : service.listed
      ? { tone: 'success', text: 'Listed' }
      : { tone: 'warning', text: 'Not listed: payments not active yet' };

  return (
    <article className="booking-item card" aria-labelledby={headingId}>
      <h2 id={headingId}>{service.title}</h2>
      <p>
        <span className={`badge badge--${badge.tone}`}>{badge.text}</span> <span className="chip">{service.category}</span>
      </p>
      <p className="booking-item__meta">
        {formatMoney({ amountCents: service.priceCents, currency: service.currency })} {pricingUnitText(service.pricingUnit)} ·{' '}
        {durationText(service.durationMinutes)} · up to {service.maxGroupSize} · {timeZoneLabel(service.timeZone)}
      </p>
      {error ? (
        <div className="alert alert--error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="booking-item__actions hero__actions">
        {service.isActive ? (
          <>
            <Link href={`/services/${encodeURIComponent(service.id)}`} className="button button--secondary">
              View public page<span className="visually-hidden"> of {service.title}</span>
            </Link>
            <button type="button" className="button button--secondary" onClick={onEdit}>
              Edit<span className="visually-hidden"> {service.title}</span>
            </button>
            {confirming ? (
              <span role="group" aria-label={`Confirm deactivating ${service.title}`}>
                <button type="button" className="button" onClick={deactivate} disabled={busy}>
                  {busy ? <Spinner small /> : null} Yes, deactivate
                </button>{' '}
                <button type="button" className="button button--ghost" onClick={() => setConfirming(false)} disabled={busy}>
                  Keep it
                </button>
              </span>
            ) : (
              <button type="button" className="button button--ghost" onClick={() => setConfirming(true)}>
                Deactivate<span className="visually-hidden"> {service.title}</span>
              </button>
            )}
          </>
        ) : (
          <p className="muted">Customers can no longer find or book this service.</p>
        )}
      </div>
    </article>
  );
}
