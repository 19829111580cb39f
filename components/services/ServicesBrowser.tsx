'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '@/lib/client/http';
import { ServiceCard, ServiceGridSkeleton } from './ServiceCard';
import { useServiceSearch, searchFromParams, SEARCH_PARAMS, type ServiceSearchQuery } from './useServices';
import { EmptyState, ErrorState } from '@/components/ui/States';

/** The search form and one page of results; every filter and the page cursor live in the URL (back/forward restore them). */
export function ServicesBrowser() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = searchFromParams(searchParams);
  const results = useServiceSearch(query);
  const filtered = SEARCH_PARAMS.some((p) => p !== 'cursor' && query[p] !== undefined);

  const go = (next: ServiceSearchQuery) => {
    const params = new URLSearchParams();
    for (const p of SEARCH_PARAMS) if (next[p]) params.set(p, next[p]);
    const qs = params.toString();
    router.push(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };

  return (
    <>
      <SearchForm key={searchParams.toString()} query={query} onSearch={go} />
      {results.error !== undefined ? (
        <ErrorState title="We couldn't search the services" message={errorMessage(results.error)} onRetry={results.reload} />
      ) : !results.data ? (
        <>
          <p className="muted small" role="status" aria-live="polite">
            Searching services…
          </p>
          <ServiceGridSkeleton />
        </>
      ) : results.data.services.length === 0 ? (
        <EmptyState title={filtered ? 'No services match your search' : 'No services yet'}>
          {filtered ? (
            <Link className="button button--secondary" href={pathname}>
              Clear the search
            </Link>
          ) : (
            <p>New providers are joining soon. Check back later.</p>
          )}
        </EmptyState>
      ) : (
        <>
          <p className="muted small" role="status" aria-live="polite">
            {results.data.services.length === 1 ? '1 service' : `${results.data.services.length} services`} on this page
            {query.cursor ? ' (a later page)' : ''}
          </p>
          <ul className="service-grid">
            {results.data.services.map((s) => (
              <li key={s.id}>
                <ServiceCard service={s} />
              </li>
            ))}
          </ul>
          <nav className="pager" aria-label="Result pages">
            {query.cursor ? (
              <button type="button" className="button button--secondary" onClick={() => go({ ...query, cursor: undefined })}>
                First page
              </button>
            ) : null}
            {results.data.nextCursor ? (
              <button type="button" className="button button--secondary" onClick={() => go({ ...query, cursor: results.data?.nextCursor })}>
                Next page
              </button>
            ) : null}
          </nav>
        </>
      )}
    </>
  );
}

const toCents = (value: string) => (value.trim() === '' ? undefined : String(Math.round(Number(value) * 100)));
const fromCents = (value: string | undefined) => (value === undefined ? '' : (Number(value) / 100).toString());

function SearchForm({ query, onSearch }: { query: ServiceSearchQuery; onSearch: (q: ServiceSearchQuery) => void }) {
  const [q, setQ] = useState(query.q ?? '');
  const [category, setCategory] = useState(query.category ?? '');
  const [minPrice, setMinPrice] = useState(fromCents(query.minPrice));
  const [maxPrice, setMaxPrice] = useState(fromCents(query.maxPrice));
  const [date, setDate] = useState(query.date ?? '');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch({
      q: q.trim() || undefined,
      category: category.trim() || undefined,
      minPrice: toCents(minPrice),
      maxPrice: toCents(maxPrice),
      date: date || undefined,
    });
  };

  return (
    <form role="search" aria-label="Search services" className="card search-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor="search-q">Words in the title</label>
        <input id="search-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. yoga" />
      </div>
      <div className="field">
        <label htmlFor="search-category">Category</label>
        <input id="search-category" value={category} onChange={(e) => setCategory(e.target.value)} placeholder="e.g. Wellness" />
      </div>
      <div className="field">
        <label htmlFor="search-min">Lowest price</label>
        <input
          id="search-min"
          type="number"
          min="0"
          step="0.01"
          inputMode="decimal"
          value={minPrice}
          onChange={(e) => setMinPrice(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="search-max">Highest price</label>
        <input
          id="search-max"
          type="number"
          min="0"
          step="0.01"
          inputMode="decimal"
          value={maxPrice}
          onChange={(e) => setMaxPrice(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="search-date">Available on</label>
        <input id="search-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </div>
      <div className="search-form__actions">
        <button type="submit" className="button">
          Search
        </button>
      </div>
    </form>
  );
}
