'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { errorMessage } from '@/lib/client/http';
import { ServiceCard, ServiceGridSkeleton } from './ServiceCard';
import { useServices } from './useServices';
import { EmptyState, ErrorState } from '@/components/ui/States';

const ALL = '';

export function ServicesBrowser() {
  const searchParams = useSearchParams();
  const sort = searchParams.get('sort') === 'rating' ? 'rating' : 'newest';
  const services = useServices(sort);
  const all = services.loading ? undefined : services.data;
  const router = useRouter();
  const pathname = usePathname();
  const category = searchParams.get('category') ?? ALL;

  const categories = useMemo(() => (all ? [...new Set(all.map((s) => s.category))].sort((a, b) => a.localeCompare(b)) : []), [all]);

  const setParam = (name: 'category' | 'sort', value: string) => {
    const params = new URLSearchParams(searchParams.toString());
    if (value) params.set(name, value);
    else params.delete(name);
    const qs = params.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
  const setCategory = (value: string) => setParam('category', value);

  if (services.error !== undefined) {
    return <ErrorState title="We couldn't load services" message={errorMessage(services.error)} onRetry={services.reload} />;
  }
  if (!all) return <ServiceGridSkeleton />;

  const visible = category ? all.filter((s) => s.category === category) : all;

  return (
    <>
      {categories.length > 1 ? (
        <fieldset>
          <legend>Category</legend>
          <div className="filters">
            {[ALL, ...categories].map((c) => (
              <label key={c || 'all'}>
                <input type="radio" name="category" value={c} checked={category === c} onChange={() => setCategory(c)} />
                {c || 'All categories'}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      <div className="field">
        <label htmlFor="service-sort">Sort by</label>
        <select id="service-sort" value={sort} onChange={(e) => setParam('sort', e.target.value === 'rating' ? 'rating' : '')}>
          <option value="newest">Newest</option>
          <option value="rating">Best rated</option>
        </select>
      </div>

      <p className="muted small" role="status" aria-live="polite">
        {visible.length === 1 ? '1 service' : `${visible.length} services`}
        {category ? ` in ${category}` : ''}
      </p>

      {visible.length === 0 ? (
        <EmptyState title={category ? `No services in ${category}` : 'No services yet'}>
          {category ? (
            <button type="button" className="button button--secondary" onClick={() => setCategory(ALL)}>
              Show all categories
            </button>
          ) : (
            <p>New providers are joining soon. Check back later.</p>
          )}
        </EmptyState>
      ) : (
        <ul className="service-grid">
          {visible.map((s) => (
            <li key={s.id}>
              <ServiceCard service={s} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
