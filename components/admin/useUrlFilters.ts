'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';

/**
 * An admin list's filters kept in the URL's query (so a filtered view can be linked and back/forward steps through
 * the filters): the current values (empty string when absent) and a push of new ones (empty values are dropped).
 */
export function useUrlFilters<K extends string>(
  keys: readonly K[],
): { values: Record<K, string>; push: (next: Record<K, string>) => void } {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k)?.trim() ?? ''])) as Record<K, string>;
  const push = (next: Record<K, string>) => {
    const query = new URLSearchParams();
    for (const k of keys) if (next[k].trim()) query.set(k, next[k].trim());
    router.push(query.size ? `${pathname}?${query.toString()}` : pathname, { scroll: false });
  };
  return { values, push };
}

/** A value of `options`, or '' (a hand-edited URL falls back to "any"). */
export const oneOf = <T extends string>(options: readonly T[], value: string): T | '' => options.find((o) => o === value) ?? '';

/** A UTC day (YYYY-MM-DD), or '' . */
export const dayOrEmpty = (value: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');
