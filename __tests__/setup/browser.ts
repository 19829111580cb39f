import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../lib/local/prerequisites';

/** Headless Debian Chromium (never a Playwright-downloaded browser). Close it in afterAll. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
}

/** Where browser tests put their screenshots (git-ignored). */
export const E2E_SHOTS = path.resolve('test-results', 'e2e');

export interface BrowserSession {
  browser: Browser;
  page: Page;
}

/**
 * One Chromium per test file, a fresh desktop context and page per test, and a full-page screenshot of a failing
 * test. Read `session.page` inside tests: it is replaced before each one.
 */
export function useBrowserSession(baseURL: string): BrowserSession {
  const session = {} as BrowserSession;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    mkdirSync(E2E_SHOTS, { recursive: true });
    session.browser = await launchBrowser();
  });
  afterAll(async () => {
    await session.browser?.close();
  });
  beforeEach(async () => {
    context = await session.browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    context.setDefaultTimeout(20_000);
    session.page = await context.newPage();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      const file = path.join(E2E_SHOTS, `failed-${ctx.task.name.replace(/\W+/g, '-')}.png`);
      await session.page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    }
    await context?.close();
  });
  return session;
}
