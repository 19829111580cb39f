'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { bookingApi } from '@/lib/client/api';
import { PROVIDER_BOOKINGS_VIEWS, type ProviderBookingsView } from '@/lib/domain/no-show';
import { EmptyState } from '@/components/ui/States';
import { Loaded } from '@/components/ui/Loaded';
import { useLoad } from '@/components/ui/useLoad';
import { ProviderBookingItem } from './ProviderBookingItem';

const VIEW_LABELS: Record<ProviderBookingsView, string> = { upcoming: 'Upcoming', past: 'Past', needsAction: 'Needs action' };
const EMPTY: Record<ProviderBookingsView, { title: string; text: string }> = {
  upcoming: { title: 'No upcoming bookings', text: 'Paid bookings of your services appear here until they start.' },
  past: { title: 'No past bookings', text: 'Bookings that started in the last 90 days appear here.' },
  needsAction: {
    title: 'Nothing needs your action',
    text: 'Bookings that started without a check-in, or with a contested refund, appear here.',
  },
};

function viewOf(param: string | null): ProviderBookingsView {
  return (PROVIDER_BOOKINGS_VIEWS as readonly string[]).includes(param ?? '') ? (param as ProviderBookingsView) : 'upcoming';
}

/**
 * The provider's paid bookings by view (upcoming, past, needs action), the view in the URL (?view=past) so back and
 * forward move between them; the server filters (LIST_PROVIDER_BOOKINGS { view }).
 */
export function ProviderBookings() {
  const view = viewOf(useSearchParams().get('view'));
  const load = useLoad(async (signal) => {
    const { bookings } = await bookingApi('LIST_PROVIDER_BOOKINGS', { view }, { signal });
    // What "started" means on screen: as of the server's answer.
    return { bookings, loadedAt: Date.now() };
  }, view);

  return (
    <div>
      <nav aria-label="Which bookings" className="view-tabs">
        {PROVIDER_BOOKINGS_VIEWS.map((v) => (
          <Link
            key={v}
            href={`/provider/bookings?view=${v}`}
            className={v === view ? 'button' : 'button button--secondary'}
            aria-current={v === view ? 'page' : undefined}
          >
            {VIEW_LABELS[v]}
          </Link>
        ))}
      </nav>
      <section aria-labelledby="bookings-view-title">
        <h2 id="bookings-view-title">{VIEW_LABELS[view]}</h2>
        <Loaded load={load} label="Loading your bookings…" errorTitle="Your bookings could not be loaded">
          {({ bookings, loadedAt }) =>
            bookings.length === 0 ? (
              <EmptyState title={EMPTY[view].title}>
                <p className="muted">{EMPTY[view].text}</p>
              </EmptyState>
            ) : (
              <ul className="booking-list" aria-busy={load.loading}>
                {bookings.map((b) => (
                  <ProviderBookingItem key={b.id} b={b} now={loadedAt} onChanged={load.reload} />
                ))}
              </ul>
            )
          }
        </Loaded>
      </section>
    </div>
  );
}
