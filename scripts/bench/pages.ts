/**
 * What a customer's browser feels, in headless Chromium against `next start`: per page, the JavaScript of its first load
 * (every script asked for before the load event, any origin, bytes on the wire: gzip as next start sends it; scripts
 * asked for later, until the network is idle, are counted apart) and its
 * largest contentful paint (PerformanceObserver 'largest-contentful-paint', buffered), each load in a fresh context
 * (empty cache), signed in with a session cookie where the page needs one. LCP is the median of the loads.
 */
import { chromium, type Browser, type Request } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureChromium } from '../../lib/local/prerequisites';
import { pct, say } from '../bench-stats';
import type { RunningApp } from './next-app';

export interface PageSpec {
  name: string;
  path: string;
  /** The session cookie's token, for pages behind sign-in. */
  token?: string;
}

export interface PageResult {
  name: string;
  path: string;
  jsBytes: number;
  /** Scripts asked for after the load event (on-demand chunks). */
  laterJsBytes: number;
  scripts: number;
  lcp: number[];
}

declare global {
  interface Window {
    __benchLcp?: number;
  }
}

async function loadOnce(
  browser: Browser,
  app: RunningApp,
  spec: PageSpec,
): Promise<{ jsBytes: number; laterJsBytes: number; scripts: number; lcp: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  try {
    if (spec.token) await context.addCookies([app.cookieFor(spec.token)]);
    await context.addInitScript(() => {
      window.__benchLcp = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__benchLcp = entry.startTime;
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    const page = await context.newPage();
    // Scripts asked for before the load event are the first load; later ones (a chart's on-demand chunk) are counted apart.
    const sizes: Promise<{ bytes: number; first: boolean }>[] = [];
    const requestedFirst = new WeakSet<Request>();
    let loaded = false;
    page.on('request', (req: Request) => {
      if (!loaded) requestedFirst.add(req);
    });
    page.on('requestfinished', (req: Request) => {
      if (req.resourceType() === 'script')
        sizes.push(req.sizes().then((s) => ({ bytes: s.responseBodySize, first: requestedFirst.has(req) })));
    });
    const res = await page.goto(`${app.url}${spec.path}`, { waitUntil: 'load', timeout: 60_000 });
    loaded = true;
    if (!res || res.status() >= 400) throw new Error(`${spec.path}: HTTP ${res?.status() ?? 'no response'}`);
    await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
    const lcp = await page.evaluate(() => window.__benchLcp ?? 0);
    const scripts = await Promise.all(sizes);
    const sum = (first: boolean) => scripts.filter((s) => s.first === first).reduce((a, s) => a + s.bytes, 0);
    return { jsBytes: sum(true), laterJsBytes: sum(false), scripts: scripts.filter((x) => x.first).length, lcp };
  } finally {
    await context.close();
  }
}

export async function measurePages(app: RunningApp, pages: PageSpec[], loads: number): Promise<PageResult[]> {
  await ensureChromium();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  const results: PageResult[] = [];
  try {
    // One unmeasured load per page first: next start renders each route's first request cold.
    for (const spec of pages) await loadOnce(browser, app, spec).catch(() => undefined);
    for (const spec of pages) {
      const runs = [];
      for (let i = 0; i < loads; i++) runs.push(await loadOnce(browser, app, spec));
      const result = {
        name: spec.name,
        path: spec.path,
        jsBytes: runs[0]!.jsBytes,
        laterJsBytes: runs[0]!.laterJsBytes,
        scripts: runs[0]!.scripts,
        lcp: runs.map((r) => r.lcp),
      };
      say(`  ${spec.name} (${spec.path}): ${(result.jsBytes / 1000).toFixed(1)} kB JS in ${result.scripts} scripts, LCP p50 ${pct(result.lcp, 50).toFixed(0)} ms`); // prettier-ignore
      results.push(result);
    }
  } finally {
    await browser.close();
  }
  return results;
}
