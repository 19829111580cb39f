'use client';

import Link from 'next/link';
import type { ServiceView } from '@/lib/http/booking-processor';
import { formatMoney } from '@/lib/domain/money';
import { bookingWindowOf, describeBookingWindow } from '@/lib/domain/booking-window';
import { bookingApi } from '@/lib/client/api';
import { cancellationPolicyText, durationText, pricingUnitText, timeZoneLabel } from '@/lib/client/format';
import { ApiError, errorMessage } from '@/lib/client/http';
import { ErrorState, LoadingState } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';
import { BookingForm } from './BookingForm';
import { RatingLine } from '@/components/reviews/Stars';
import { ServiceReviews } from '@/components/reviews/ServiceReviews';

/** A service's public page: what it is, its price and policy, and the form to book a time. */
export function ServiceDetail({ serviceId }: { serviceId: string }) {
  const load = useLoad(async (signal) => (await bookingApi('GET_SERVICE', { serviceId }, { signal })).service, serviceId);

  if (load.error !== undefined) {
    if (load.error instanceof ApiError && (load.error.status === 404 || load.error.status === 400)) {
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
    return <ErrorState title="We couldn't load this service" message={errorMessage(load.error)} onRetry={load.reload} />;
  }
  if (!load.data) return <LoadingState label="Loading service…" />;
  return <ServiceDetailView service={load.data} />;
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
          <RatingLine rating={service.rating} />
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
            <div>
              <dt>Booking window</dt>
              <dd>{describeBookingWindow(bookingWindowOf(service))}</dd>
            </div>
          </dl>
          <h2>Cancellation policy: {policy.name}</h2>
          <p>{policy.description}</p>
          <ServiceReviews serviceId={service.id} />
        </section>
        <BookingForm service={service} />
      </div>
    </>
  );
}
