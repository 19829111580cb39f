'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { bookingApi } from '@/lib/client/api';
import { PROVIDER_BOOKINGS_VIEWS, type ProviderBookingsView } from '@/lib/domain/no-show';
import { EmptyState } from '@/components/ui/States';
import { Loaded } from '@/components/ui/Loaded';
import { useLoad } from '@/components/ui/useLoad';
import { ProviderBookingItem } from './ProviderBookingItem';

/** The page's tabs: everything of the last 30 days onwards (the default, no parameter), or one of the server's views. */
type Tab = 'all' | ProviderBookingsView;
const TABS: readonly Tab[] = ['all', ...PROVIDER_BOOKINGS_VIEWS];
const VIEW_LABELS: Record<Tab, string> = { all: 'All', upcoming: 'Upcoming', past: 'Past', needsAction: 'Needs action' };
const EMPTY: Record<Tab, { title: string; text: string }> = {
  all: { title: 'No bookings yet', text: 'Paid bookings of your services from the last 30 days onwards appear here.' },
  upcoming: { title: 'No upcoming bookings', text: 'Paid bookings of your services appear here until they start.' },
  past: { title: 'No past bookings', text: 'Bookings that started in the last 90 days appear here.' },
  needsAction: {
    title: 'Nothing needs your action',
    text: 'Bookings that started without a check-in, or with a contested refund, appear here.',
  },
};

function viewOf(param: string | null): Tab {
  return (PROVIDER_BOOKINGS_VIEWS as readonly string[]).includes(param ?? '') ? (param as ProviderBookingsView) : 'all';
}

/**
 * The provider's paid bookings, all or by view (upcoming, past, needs action), the view in the URL (?view=past) so back
 * and forward move between them; the server filters (LIST_PROVIDER_BOOKINGS { view }).
 */
export function ProviderBookings() {
  const view = viewOf(useSearchParams().get('view'));
  const load = useLoad(async (signal) => {
    const { bookings } = await bookingApi('LIST_PROVIDER_BOOKINGS', view === 'all' ? {} : { view }, { signal });
    // What "started" means on screen: as of the server's answer.
    return { bookings, loadedAt: Date.now() };
  }, view);

  return (
    <div>
      <nav aria-label="Which bookings" className="view-tabs">
        {TABS.map((v) => (
          <Link
            key={v}
            href={v === 'all' ? '/provider/bookings' : `/provider/bookings?view=${v}`}
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
