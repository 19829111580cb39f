import Link from 'next/link';
import type { ReactNode } from 'react';
import type { BookingView } from '@/lib/http/booking-processor';
import { money } from '@/lib/client/format';
import { Icon } from '@/components/ui/Icon';
import { Spinner } from '@/components/ui/States';
import { StatusBadge } from './StatusBadge';

/** The top of the status page: an icon in the status's tone, the headline and what it means. */
function Hero({
  tone,
  icon,
  title,
  children,
}: {
  tone?: 'pending' | 'success' | 'danger' | 'neutral';
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className="status-hero">
      {tone ? (
        <div className={`status-hero__icon status-hero__icon--${tone}`} aria-hidden="true">
          {icon}
        </div>
      ) : null}
      <h1>{title}</h1>
      {children}
    </div>
  );
}

const CHECK = <Icon name="check" size={28} strokeWidth={2.5} />;

/** What the booking's status means for the customer, in words, with the next step when there is one. */
export function StatusHero({ booking, gaveUp }: { booking: BookingView; gaveUp: boolean }) {
  const payHref = `/bookings/${encodeURIComponent(booking.id)}/pay`;
  const newTime = `/services/${encodeURIComponent(booking.service.id)}`;
  switch (booking.status) {
    case 'PENDING_PAYMENT':
      return (
        <Hero
          tone="pending"
          icon={gaveUp ? <Icon name="clock" size={28} /> : <Spinner />}
          title={gaveUp ? 'Still waiting for your payment' : 'Confirming your payment…'}
        >
          <p className="muted">
            {gaveUp
              ? "We haven't received a payment confirmation yet. If you paid, it can take a little longer."
              : 'This usually takes a few seconds. Please keep this page open.'}
          </p>
          <p className="small">
            Haven&apos;t paid yet? <Link href={payHref}>Go to checkout</Link>
          </p>
        </Hero>
      );
    case 'CONFIRMED':
      return (
        <Hero tone="success" icon={CHECK} title="Booking confirmed">
          <p className="muted">
            Thanks! We received your payment of <strong>{money(booking.pricing.totalAmountCents, booking.pricing.currency)}</strong>. See
            you there.
          </p>
          <StatusBadge status={booking.status} />
        </Hero>
      );
    case 'COMPLETED':
    case 'PAID_OUT':
      return (
        <Hero tone="success" icon={CHECK} title="Booking completed">
          <p className="muted">We hope you enjoyed it.</p>
          <StatusBadge status={booking.status} />
        </Hero>
      );
    case 'PAYMENT_FAILED':
      return (
        <Hero tone="danger" icon={<Icon name="alert" size={28} />} title="Payment didn't go through">
          <p>{booking.paymentFailureMessage ?? 'Your card was declined.'}</p>
          <Link href={payHref} className="button">
            Try another card
          </Link>
        </Hero>
      );
    case 'CANCELLED':
      return (
        <Hero tone="neutral" icon={<Icon name="x" size={28} />} title="Booking cancelled">
          <StatusBadge status={booking.status} />
        </Hero>
      );
    case 'EXPIRED':
      return (
        <Hero tone="neutral" icon={<Icon name="clock" size={28} />} title="Booking expired">
          <p className="muted">The hold ran out before payment, so the slot was released. You have not been charged.</p>
          <Link href={newTime} className="button">
            Pick a new time
          </Link>
        </Hero>
      );
    default:
      return (
        <Hero title="Your booking">
          <StatusBadge status={booking.status} />
        </Hero>
      );
  }
}
