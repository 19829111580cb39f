'use client';

import { usePathname, useRouter } from 'next/navigation';

/**
 * A list's filters live in the URL (its page reads them from searchParams and passes them down), so a filtered view can
 * be linked and back / forward return to it. `setFilters` pushes a new URL with the changed values (empty = removed).
 */
export function useUrlFilters(current: Record<string, string | undefined>) {
  const router = useRouter();
  const pathname = usePathname();
  return (changes: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries({ ...current, ...changes })) if (value) params.set(name, value);
    router.push(params.size ? `${pathname}?${params.toString()}` : pathname, { scroll: false });
  };
}
