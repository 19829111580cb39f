import type { ServiceView, SlotView } from '@/lib/http/booking-processor';
import { formatMoney } from '@/lib/domain/money';
import { calendarDayParts, estimateTotalCents, formatTime, localDateInZone, pricingUnitText } from '@/lib/client/format';

/** The estimated total for the group size and the chosen time (the server prices the booking at checkout). */
export function PriceSummary({
  id,
  service,
  groupSize,
  chosenSlot,
  zone,
}: {
  id: string;
  service: ServiceView;
  groupSize: number;
  chosenSlot: SlotView | null;
  zone: string;
}) {
  const estimate = formatMoney({
    amountCents: estimateTotalCents(service.priceCents, service.pricingUnit, groupSize),
    currency: service.currency,
  });
  return (
    <section aria-labelledby={id} className="card" style={{ background: 'var(--color-surface-muted)', boxShadow: 'none' }}>
      <h3 id={id}>Price summary</h3>
      <dl className="summary" aria-live="polite">
        <div>
          <dt>
            {formatMoney({ amountCents: service.priceCents, currency: service.currency })} {pricingUnitText(service.pricingUnit)}
            {service.pricingUnit === 'PER_PERSON' ? ` × ${groupSize}` : ''}
          </dt>
          <dd>{estimate}</dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>
            {chosenSlot
              ? `${calendarDayParts(localDateInZone(chosenSlot.startDateTime, zone)).long}, ${formatTime(chosenSlot.startDateTime, zone)}`
              : 'Pick a time'}
          </dd>
        </div>
        <div className="summary__total">
          <dt>Estimated total</dt>
          <dd>{estimate}</dd>
        </div>
      </dl>
      <p className="small muted" style={{ margin: '0.5rem 0 0' }}>
        The final price is confirmed at checkout. You won&apos;t be charged until you pay.
      </p>
    </section>
  );
}
