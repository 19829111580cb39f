'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';

/**
 * An admin list's filters live in the URL's query, so a filtered view can be linked and back / forward step through
 * the filters. `useFilterPush(current)` returns a push of changed values over the current ones (empty = removed) for a
 * page that reads its filters from searchParams on the server and passes them down.
 */
export function useFilterPush(current: Record<string, string | undefined>) {
  const router = useRouter();
  const pathname = usePathname();
  return (changes: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries({ ...current, ...changes })) if (value?.trim()) params.set(name, value.trim());
    router.push(params.size ? `${pathname}?${params.toString()}` : pathname, { scroll: false });
  };
}

/** The same, read in the browser: the current values of `keys` (empty string when absent) and a push of new ones. */
export function useUrlFilters<K extends string>(
  keys: readonly K[],
): { values: Record<K, string>; push: (next: Record<K, string>) => void } {
  const params = useSearchParams();
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k)?.trim() ?? ''])) as Record<K, string>;
  return { values, push: useFilterPush(values) };
}

/** A value of `options`, or '' (a hand-edited URL falls back to "any"). */
export const oneOf = <T extends string>(options: readonly T[], value: string): T | '' => options.find((o) => o === value) ?? '';

/** A UTC day (YYYY-MM-DD), or ''. */
export const dayOrEmpty = (value: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');
