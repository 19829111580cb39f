/**
 * amplify_outputs.json, read on the server at run time only (never imported statically: local builds and tests
 * have no such file). Sources, first match wins:
 *   1. AMPLIFY_OUTPUTS_BASE64 — the file's content, base64 (amplify.yml writes it into .env.production);
 *   2. AMPLIFY_OUTPUTS_PATH — a path to the file;
 *   3. ./amplify_outputs.json in the working directory (what `ampx pipeline-deploy` / `ampx sandbox` write).
 * Function names may also come from the environment (they win over the file):
 *   BOOKING_PROCESSOR_FUNCTION_NAME, STRIPE_CONNECT_FUNCTION_NAME, PAYOUT_MANAGER_FUNCTION_NAME,
 *   REFUND_PROCESSOR_FUNCTION_NAME, STRIPE_WEBHOOK_FUNCTION_NAME.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export type Env = Record<string, string | undefined>;

const FUNCTION_KEYS = {
  'booking-processor': 'bookingProcessor',
  'stripe-connect': 'stripeConnect',
  'payout-manager': 'payoutManager',
  'refund-processor': 'refundProcessor',
  'stripe-webhook': 'stripeWebhook',
} as const;
export type MarketplaceFunction = keyof typeof FUNCTION_KEYS;

const outputsSchema = z.looseObject({
  version: z.string(),
  auth: z
    .looseObject({
      aws_region: z.string(),
      user_pool_id: z.string(),
      user_pool_client_id: z.string(),
    })
    .optional(),
  custom: z
    .looseObject({
      functions: z.record(z.string(), z.string()).optional(),
      stripeWebhookUrl: z.string().optional(),
      hosting: z.looseObject({ rateLimitTableName: z.string().optional() }).optional(),
    })
    .optional(),
});
export type AmplifyOutputs = z.infer<typeof outputsSchema>;

export class MissingOutputsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingOutputsError';
  }
}

export function loadAmplifyOutputs(env: Env = process.env, cwd: string = process.cwd()): AmplifyOutputs {
  let text: string;
  let from: string;
  if (env.AMPLIFY_OUTPUTS_BASE64) {
    text = Buffer.from(env.AMPLIFY_OUTPUTS_BASE64, 'base64').toString('utf8');
    from = 'AMPLIFY_OUTPUTS_BASE64';
  } else {
    from = path.resolve(cwd, env.AMPLIFY_OUTPUTS_PATH || 'amplify_outputs.json');
    try {
      text = readFileSync(from, 'utf8');
    } catch {
      throw new MissingOutputsError(
        `AWS mode needs amplify_outputs.json (${from} not found; set AMPLIFY_OUTPUTS_PATH or AMPLIFY_OUTPUTS_BASE64)`,
      );
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MissingOutputsError(`${from} is not JSON`);
  }
  const parsed = outputsSchema.safeParse(json);
  if (!parsed.success) throw new MissingOutputsError(`${from} is not an Amplify outputs file`);
  return parsed.data;
}

const envVarOf = (name: MarketplaceFunction) => `${name.toUpperCase().replace(/-/g, '_')}_FUNCTION_NAME`;

/** The physical Lambda name of a function: its environment variable, else custom.functions of the outputs. */
export function functionName(name: MarketplaceFunction, env: Env = process.env, outputs?: () => AmplifyOutputs): string {
  const fromEnv = env[envVarOf(name)];
  if (fromEnv) return fromEnv;
  const fromOutputs = (outputs ?? (() => loadAmplifyOutputs(env)))().custom?.functions?.[FUNCTION_KEYS[name]];
  if (!fromOutputs) throw new MissingOutputsError(`no function name for ${name}: set ${envVarOf(name)} or deploy the backend`);
  return fromOutputs;
}

/** The browser's share of the outputs: the auth section Amplify.configure needs, and nothing else. */
export function publicAmplifyConfig(outputs: AmplifyOutputs): Pick<AmplifyOutputs, 'version' | 'auth'> {
  return { version: outputs.version, ...(outputs.auth ? { auth: outputs.auth } : {}) };
}
