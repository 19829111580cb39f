import Link from 'next/link';
import type { ServiceView } from '@/lib/http/booking-processor';
import { formatMoney } from '@/lib/domain/money';
import { durationText, pricingUnitText } from '@/lib/client/format';
import { RatingLine } from '@/components/reviews/Stars';

export function ServiceCard({ service, headingLevel = 3 }: { service: ServiceView; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="service-card" aria-labelledby={`service-${service.id}-title`}>
      <span className="chip">{service.category}</span>
      <Heading id={`service-${service.id}-title`}>
        <Link href={`/services/${encodeURIComponent(service.id)}`}>{service.title}</Link>
      </Heading>
      <p className="service-card__desc">{service.description}</p>
      <p className="small muted" style={{ margin: '0 0 0.25rem' }}>
        by {service.providerName}
      </p>
      <RatingLine rating={service.rating} />
      <div className="service-card__meta">
        <span className="price">
          {formatMoney({ amountCents: service.priceCents, currency: service.currency })}{' '}
          <span className="price__unit">{pricingUnitText(service.pricingUnit)}</span>
        </span>
        <span className="muted">
          <span className="visually-hidden">Duration: </span>
          {durationText(service.durationMinutes)}
        </span>
      </div>
    </article>
  );
}

export function ServiceGridSkeleton({ count = 3 }: { count?: number }) {
  return (
    <div role="status" aria-live="polite">
      <span className="visually-hidden">Loading services…</span>
      <ul className="service-grid" aria-hidden="true">
        {Array.from({ length: count }, (_, i) => (
          <li key={i}>
            <div className="skeleton" style={{ height: 220 }} />
          </li>
        ))}
      </ul>
    </div>
  );
}
