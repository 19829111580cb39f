import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type APIRequestContext, type Browser, type BrowserContext, type Page } from 'playwright-core';
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

/** Logs in on the /login page and waits until it is left. */
export async function logInAs(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** POST /api/<fn> with the context's session cookie; throws with the answer unless 2xx. */
export async function callApi<T>(api: APIRequestContext, fn: string, body: object): Promise<T> {
  const res = await api.post(`/api/${fn}`, { data: body });
  const json = (await res.json().catch(() => ({}))) as T;
  if (!res.ok()) throw new Error(`${fn} ${res.status()}: ${JSON.stringify(json)}`);
  return json;
}

/** A form POST to the Stripe emulator (its /_emulator helpers, or the API with `key`). */
export async function emulatorPost<T = Record<string, unknown>>(
  emulatorUrl: string,
  path: string,
  form: Record<string, string> = {},
  key?: string,
): Promise<T> {
  const res = await fetch(`${emulatorUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: new URLSearchParams(form).toString(),
  });
  return (await res.json()) as T;
}
