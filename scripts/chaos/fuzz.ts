/**
 * Bad input and access, through the production handlers (the four action functions' own tables):
 * - fuzzing (fast-check): every action gets arbitrary payloads — JSON of any shape, and objects with the schema's own
 *   field names holding values of the wrong kinds — from each role; any 5xx is a defect (bad input is a 4xx);
 * - the access matrix: every action × role (anonymous, customer, provider, admin) × ownership (the caller's own
 *   records, someone else's, none): an anonymous caller of a non-public action must get 401, a caller outside the
 *   action's group 403, and a stranger must never get a 2xx on someone else's booking.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { bookingActions } from '../../lib/functions/booking-processor';
import type { ActionDefinition } from '../../lib/functions/dispatch';
import { payoutManagerActions } from '../../lib/functions/payout-manager';
import { refundProcessorActions } from '../../lib/functions/refund-processor';
import { stripeConnectActions } from '../../lib/functions/stripe-connect';
import type { ChaosStack } from './stack';

const TABLES = {
  'booking-processor': bookingActions,
  'stripe-connect': stripeConnectActions,
  'refund-processor': refundProcessorActions,
  'payout-manager': payoutManagerActions,
} as const satisfies Record<string, Record<string, ActionDefinition>>;
type FunctionName = keyof typeof TABLES;

export const ACTIONS = (Object.keys(TABLES) as FunctionName[]).flatMap((fn) =>
  Object.entries(TABLES[fn]).map(([action, def]) => ({ fn, action, def: def as ActionDefinition })),
);

/** The field names of an object schema (through refinements), so fuzzed payloads reach past the unknown-key check. */
function fieldNames(schema: z.ZodType): string[] {
  const s = schema as unknown as { shape?: Record<string, unknown>; def?: { in?: z.ZodType; schema?: z.ZodType } };
  if (s.shape) return Object.keys(s.shape);
  const inner = s.def?.in ?? s.def?.schema;
  return inner ? fieldNames(inner) : [];
}

const wrongValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', 'bk_matrixmissing0', 'evt_x', '../../etc', '<script>', '2026-13-45', '9'.repeat(40)),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 1, 1e21, Number.MAX_SAFE_INTEGER, -0),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

function payloadOf(def: ActionDefinition) {
  const names = fieldNames(def.schema as z.ZodType);
  const shaped = names.length
    ? fc.dictionary(fc.constantFrom(...names, 'unexpected'), wrongValue, { maxKeys: names.length + 1 })
    : fc.dictionary(fc.string({ maxLength: 8 }), wrongValue, { maxKeys: 3 });
  return fc.oneof({ weight: 3, arbitrary: shaped }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
}

export interface FuzzFigures {
  cases: number;
  /** `<function> <action> as <role>: <status> <body>` for each 5xx. */
  serverErrors: string[];
}

/** `cases` fuzzed requests spread over every action, each from a random role. */
export async function fuzzActions(stack: ChaosStack, cases: number, seed = 1): Promise<FuzzFigures> {
  const roles = [undefined, 'customer', 'provider', 'admin'] as const;
  const serverErrors: string[] = [];
  let ran = 0;
  const perAction = Math.max(1, Math.ceil(cases / ACTIONS.length));
  for (const { fn, action, def } of ACTIONS) {
    await fc.assert(
      fc.asyncProperty(payloadOf(def), fc.integer({ min: 0, max: roles.length - 1 }), async (payload, role) => {
        ran += 1;
        const who = roles[role];
        const token = who ? stack.freshToken(who) : undefined;
        const res = await stack.functions[fn]({ action, payload, ...(token ? { token } : {}) } as never);
        if (res.statusCode >= 500 && serverErrors.length < 50) {
          serverErrors.push(
            `${fn} ${action} as role ${role}: ${res.statusCode} ${res.body.slice(0, 200)} ← ${JSON.stringify(payload).slice(0, 200)}`,
          );
        }
        return true;
      }),
      { numRuns: perAction, seed: seed + ran },
    );
  }
  // The envelope itself: anything at all where a request is expected.
  await fc.assert(
    fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (request) => {
      ran += 1;
      const res = await stack.functions['booking-processor'](request as never);
      if (res.statusCode >= 500)
        serverErrors.push(`booking-processor envelope: ${res.statusCode} ← ${JSON.stringify(request).slice(0, 200)}`);
      return true;
    }),
    { numRuns: Math.max(20, Math.floor(cases / 50)), seed },
  );
  return { cases: ran, serverErrors };
}

export interface AccessFigures {
  checks: number;
  violations: string[];
}

/** The access matrix over every action × role × ownership (a booking of the demo customer as the owned record). */
export async function accessMatrix(stack: ChaosStack, ownBookingId: string): Promise<AccessFigures> {
  const roles = [
    { role: 'anonymous', groups: [] as string[] },
    { role: 'customer', groups: [] },
    { role: 'provider', groups: ['PROVIDER'] },
    { role: 'admin', groups: ['ADMIN'] },
  ] as const;
  // someone else's record first: an own call may change the record (cancel the booking)
  const ownerships = [
    { ownership: 'other', payload: { bookingId: ownBookingId } },
    { ownership: 'none', payload: { bookingId: 'bk_chaosmissing0' } },
    { ownership: 'own', payload: { bookingId: ownBookingId } },
  ];
  const violations: string[] = [];
  let checks = 0;
  for (const { fn, action, def } of ACTIONS) {
    for (const r of roles) {
      for (const o of ownerships) {
        // someone else's record: the same call by a stranger of the same role
        const stranger = o.ownership === 'other' && (r.role === 'customer' || r.role === 'provider');
        const token =
          r.role === 'anonymous'
            ? undefined
            : stack.freshToken(stranger ? (r.role === 'customer' ? 'strangerCustomer' : 'strangerProvider') : r.role);
        const res = await stack.functions[fn]({ action, payload: o.payload, ...(token ? { token } : {}) } as never);
        checks += 1;
        const where = `${fn} ${action} as ${r.role} (${o.ownership}): ${res.statusCode}`;
        if (def.access !== 'public' && !token && res.statusCode !== 401) violations.push(`${where}, expected 401`);
        else if (
          token &&
          def.access !== 'public' &&
          def.access !== 'user' &&
          !(r.groups as readonly string[]).includes(def.access) &&
          res.statusCode !== 403
        )
          violations.push(`${where}, expected 403 (needs ${def.access})`);
        else if (o.ownership === 'other' && r.role !== 'admin' && res.statusCode < 300 && 'bookingId' in fieldNamesOf(def))
          violations.push(`${where}: a stranger reached someone else's booking`);
        else if (res.statusCode >= 500) violations.push(`${where}: a server error`);
      }
    }
  }
  return { checks, violations };
}

const fieldNamesOf = (def: ActionDefinition) => Object.fromEntries(fieldNames(def.schema as z.ZodType).map((n) => [n, true]));
