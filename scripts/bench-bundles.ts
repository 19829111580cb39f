/**
 * `npm run bench`'s rows for the deployable bundles (run `npm run synth` first; they are skipped without
 * .amplify/synth): each function's bundle size, its cold start (a fresh Node 24 process to its first response, Amplify's
 * SSM banner included) and its warm p50 on a cheap request of its own event shape, through the bundle harness.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MODEL_NAMES, TABLES, localRateLimitTableFor, type TableNames } from '../lib/data/tables';
import { bundleBytes, coldStart, synthesizedFunctions } from '../lib/local/lambda-harness/bundles';
import { startLocalSsm } from '../lib/local/lambda-harness/ssm-endpoint';

/** A request each function answers without side effects: the warm path of its own entry. */
const CHEAP_REQUEST: Record<string, unknown> = {
  'booking-processor': { action: 'LIST_SERVICES', payload: {} },
  'stripe-connect': { action: 'LIST_MEMBERSHIP_PLANS', payload: {} },
  'payout-manager': { action: 'CALCULATE_EARNINGS', payload: {} },
  'refund-processor': { action: 'GET_REFUND_STATUS', payload: { bookingId: 'bk_bench' } },
  'stripe-webhook': { headers: { 'stripe-signature': 't=1,v1=00' }, body: '{}', isBase64Encoded: false },
  'domain-events': { Records: [] },
};
const WARM_CALLS = 30;

interface BundleBenchSettings {
  root: string;
  tables: TableNames;
  dynamoEndpoint: string;
  stripeUrl: string;
  secrets: Record<string, string>;
}

export async function bundleRows(settings: BundleBenchSettings): Promise<[string, string, string, string][]> {
  const assembly = path.join(settings.root, '.amplify/synth');
  if (!existsSync(assembly)) return [['deployable bundles (run `npm run synth` first)', 'skipped', '', '']];
  const functions = synthesizedFunctions(assembly);
  const parameters: Record<string, string> = {};
  for (const fn of functions) {
    const config = JSON.parse(String(fn.environment.AMPLIFY_SSM_ENV_CONFIG ?? '{}')) as Record<string, { path: string }>;
    for (const [name, { path: p }] of Object.entries(config)) parameters[p] = settings.secrets[name] ?? `bench-${name}`;
  }
  const ssm = await startLocalSsm(parameters);
  const env = {
    ...Object.fromEntries(MODEL_NAMES.map((m) => [TABLES[m].envVar, settings.tables[m]])),
    RATE_LIMIT_TABLE_NAME: localRateLimitTableFor(settings.tables),
    COGNITO_USER_POOL_ID: 'us-east-1_bench',
    COGNITO_CLIENT_ID: 'benchclient',
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_ENDPOINT_URL_DYNAMODB: settings.dynamoEndpoint,
  };
  const rows: [string, string, string, string][] = [];
  try {
    for (const fn of functions) {
      const started = performance.now();
      const environment = await coldStart(fn, { env, redirects: { 'api.stripe.com': settings.stripeUrl } });
      await environment.invoke(CHEAP_REQUEST[fn.name] ?? {});
      const cold = performance.now() - started;
      const warm: number[] = [];
      for (let i = 0; i < WARM_CALLS; i++) warm.push((await environment.invoke(CHEAP_REQUEST[fn.name] ?? {})).ms);
      environment.close();
      warm.sort((a, b) => a - b);
      const p50 = warm[Math.floor(warm.length / 2)]!;
      rows.push([
        `${fn.name} bundle (${fn.runtime}, ${fn.memoryMB} MB): size · cold start · warm p50`,
        `${(bundleBytes(fn) / 1024 / 1024).toFixed(2)} MB · ${cold.toFixed(0)} ms · ${p50.toFixed(1)} ms`,
        '',
        '',
      ]);
    }
  } finally {
    await ssm.close();
  }
  return rows;
}
