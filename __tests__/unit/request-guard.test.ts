import { describe, expect, test } from 'vitest';
import { AppError } from '@/lib/http/errors';
import { MAX_JSON_BODY_BYTES, readGuardedJson, readLimitedText } from '@/lib/server/request-guard';

const APP_URL = 'https://bookwell.example';

function post(
  headers: Record<string, string>,
  body: BodyInit | null = '{"action":"LIST_SERVICES"}',
  url = `${APP_URL}/api/booking-processor`,
) {
  return new Request(url, { method: 'POST', headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return { code: err.code, status: err.status };
}

const json = { 'content-type': 'application/json' };

describe('readGuardedJson: where a request may come from', () => {
  test.each([
    ['same origin, said both ways', { ...json, origin: APP_URL, 'sec-fetch-site': 'same-origin' }],
    [
      'the origin the request was addressed to (another host name of this server)',
      { ...json, origin: 'http://127.0.0.1:3000' },
      'http://127.0.0.1:3000/api/x',
    ],
    ['no browser headers at all (a script, not a browser: it carries no victim cookies)', json],
    ['a bearer token from another origin (it proves itself)', { ...json, origin: 'https://evil.example', authorization: 'Bearer abc' }],
  ])('accepts %s', async (_label, headers, url?: string) => {
    await expect(readGuardedJson(post(headers, undefined, url), { appUrl: APP_URL })).resolves.toEqual({ action: 'LIST_SERVICES' });
  });

  test.each([
    ['another origin', { ...json, origin: 'https://evil.example' }],
    ['a sibling subdomain', { ...json, origin: 'https://evil.bookwell.example' }],
    ['the same host over http', { ...json, origin: 'http://bookwell.example' }],
    ['a null origin (sandboxed frame, data: URL)', { ...json, origin: 'null' }],
    ['a cross-site fetch without Origin', { ...json, 'sec-fetch-site': 'cross-site' }],
    ['a same-site (not same-origin) request', { ...json, 'sec-fetch-site': 'same-site', origin: APP_URL }],
    ['a user-typed navigation posting', { ...json, 'sec-fetch-site': 'none' }],
  ])('refuses %s with 403 CROSS_SITE_REQUEST', async (_label, headers) => {
    expect(await refusal(readGuardedJson(post(headers), { appUrl: APP_URL }))).toEqual({ code: 'CROSS_SITE_REQUEST', status: 403 });
  });
});

describe('readGuardedJson: what a body may be', () => {
  test.each([
    ['form-urlencoded', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['text/plain (what a cross-site form can send)', 'text/plain'],
    ['no content type', ''],
    ['json-looking but not json', 'application/jsonp'],
  ])('refuses %s with 415', async (_label, type) => {
    const headers: Record<string, string> = type ? { 'content-type': type } : {};
    expect(await refusal(readGuardedJson(post(headers), { appUrl: APP_URL }))).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 });
  });

  test('accepts JSON with a charset', async () => {
    await expect(readGuardedJson(post({ 'content-type': 'application/json; charset=utf-8' }), { appUrl: APP_URL })).resolves.toBeTruthy();
  });

  test.each([
    ['not JSON', '{oops'],
    ['an array', '[1]'],
    ['a string', '"x"'],
    ['null', 'null'],
    ['empty', ''],
  ])('%s → 400 INVALID_JSON', async (_label, body) => {
    expect(await refusal(readGuardedJson(post(json, body), { appUrl: APP_URL }))).toEqual({ code: 'INVALID_JSON', status: 400 });
  });

  test('a body over the limit → 413, whether Content-Length says so or not', async () => {
    const big = JSON.stringify({ action: 'X', blob: 'a'.repeat(MAX_JSON_BODY_BYTES) });
    expect(await refusal(readGuardedJson(post({ ...json, 'content-length': String(big.length) }, big), { appUrl: APP_URL }))).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      status: 413,
    });
    const chunks = [big.slice(0, 40_000), big.slice(40_000)];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    expect(await refusal(readGuardedJson(post(json, stream), { appUrl: APP_URL }))).toEqual({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
  });

  test('a body exactly at the limit is read whole', async () => {
    const text = 'x'.repeat(1000);
    await expect(readLimitedText(post(json, text), 1000)).resolves.toBe(text);
    expect(await refusal(readLimitedText(post(json, `${text}y`), 1000))).toEqual({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
  });
});
