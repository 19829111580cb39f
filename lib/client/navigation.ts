/** Paths the pages build and read: the login page's return address, route params. */

/**
 * A post-login destination: `next` resolved against the app's own origin, kept only if it stays there, and returned
 * as a path. Resolving (rather than pattern-matching the string) is what the browser will do with it, so tricks like
 * `//evil.example`, `/\\evil.example`, `/\t/evil.example` or `javascript:` cannot slip past.
 */
export function safeNextPath(next: string | null | undefined, origin: string, fallback = '/'): string {
  if (!next || !next.startsWith('/')) return fallback;
  let target: URL;
  try {
    target = new URL(next, origin);
  } catch {
    return fallback;
  }
  if (target.origin !== new URL(origin).origin) return fallback;
  return `${target.pathname}${target.search}${target.hash}`;
}

export function loginHref(next: string): string {
  return `/login?next=${encodeURIComponent(next)}`;
}

/** Route params may arrive encoded or not; decode once, tolerating stray '%'. */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
