import type { PricingView } from '@/lib/http/booking-processor';
import { formatMoney } from '@/lib/domain/money';

/** A promotion code's lines in a price summary: the list price, then what the code takes off (the total follows). */
export function PromotionLines({ pricing }: { pricing: PricingView }) {
  if (!pricing.promotionCode || !pricing.discountCents || pricing.listPriceCents === undefined) return null;
  const money = (amountCents: number) => formatMoney({ amountCents, currency: pricing.currency });
  return (
    <>
      <div>
        <dt>Price</dt>
        <dd>{money(pricing.listPriceCents)}</dd>
      </div>
      <div data-testid="promotion-discount">
        <dt>Promotion {pricing.promotionCode}</dt>
        <dd>−{money(pricing.discountCents)}</dd>
      </div>
    </>
  );
}
