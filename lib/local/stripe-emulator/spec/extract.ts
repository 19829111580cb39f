/**
 * Regenerates spec/params.json: the request parameters of the operations the emulator serves, taken
 * from Stripe's OpenAPI description (descriptions dropped, $refs resolved).
 * Usage: npx tsx lib/local/stripe-emulator/spec/extract.ts ../shared/stripe-openapi/subset.pruned.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apiRoutes } from '../routes';
import { operationKey, type OperationSchema, type ParamSchema, type SpecFile } from './schema';

interface OpenApiSchema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  maxLength?: number;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: boolean | OpenApiSchema;
  items?: OpenApiSchema;
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
}
interface OpenApiParameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: OpenApiSchema;
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, OpenApiSchema> };
}

const source = process.argv[2] ?? '../shared/stripe-openapi/subset.pruned.json';
const api = JSON.parse(readFileSync(source, 'utf8')) as OpenApi;

function compact(s: OpenApiSchema | undefined, depth: number): ParamSchema {
  if (!s || depth > 10) return { t: 'any' };
  if (s.$ref) return compact(api.components.schemas[s.$ref.replace('#/components/schemas/', '')], depth + 1);
  const union = s.anyOf ?? s.oneOf;
  if (union) {
    const of = union.map((x) => compact(x, depth + 1));
    return of.length === 1 ? (of[0] as ParamSchema) : { t: 'union', of };
  }
  switch (s.type) {
    case 'string':
      return { t: 'string', ...(s.enum ? { enum: s.enum.map(String) } : {}), ...(s.maxLength ? { max: s.maxLength } : {}) };
    case 'integer':
      return { t: 'integer' };
    case 'number':
      return { t: 'number' };
    case 'boolean':
      return { t: 'boolean' };
    case 'array':
      return { t: 'array', items: compact(s.items, depth + 1) };
    case 'object': {
      const props: Record<string, ParamSchema> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) props[k] = compact(v, depth + 1);
      const extra = s.additionalProperties === true ? { t: 'any' as const } : s.additionalProperties ? compact(s.additionalProperties, depth + 1) : undefined;
      return { t: 'object', props, ...(s.required?.length ? { req: s.required } : {}), ...(extra ? { extra } : {}) };
    }
    default:
      return { t: 'any' };
  }
}

const out: SpecFile = {};
for (const route of apiRoutes) {
  const key = operationKey(route.method, route.path);
  const specPath = Object.keys(api.paths).find((p) => operationKey(route.method, p) === key);
  const op = specPath ? api.paths[specPath]?.[route.method.toLowerCase()] : undefined;
  if (!op) {
    console.warn(`not in the spec: ${key}`);
    continue;
  }
  const schema: OperationSchema = { props: {}, req: [] };
  for (const p of op.parameters ?? []) {
    if (p.in !== 'query') continue;
    schema.props[p.name] = compact(p.schema, 0);
    if (p.required) schema.req.push(p.name);
  }
  const body = op.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
  const compacted = body ? compact(body, 0) : undefined;
  if (compacted?.t === 'object') {
    Object.assign(schema.props, compacted.props);
    schema.req.push(...(compacted.req ?? []));
  }
  out[key] = schema;
}
const target = fileURLToPath(new URL('./params.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(out)}\n`);
console.log(`wrote ${Object.keys(out).length} operations to ${target}`);

/** The top-level fields of the objects the emulator returns, for the response conformance test. */
const OBJECTS = [
  'account', 'account_link', 'application_fee', 'balance', 'balance_transaction', 'charge', 'checkout.session',
  'customer', 'dispute', 'event', 'fee_refund', 'item', 'login_link', 'payment_intent', 'payment_method', 'payout',
  'price', 'product', 'refund', 'setup_intent', 'subscription', 'subscription_item', 'invoice', 'line_item',
  'transfer', 'transfer_reversal', 'webhook_endpoint',
];
const objects: Record<string, { props: string[]; required: string[] }> = {};
for (const name of OBJECTS) {
  const schema = api.components.schemas[name];
  if (!schema) continue;
  objects[name] = { props: Object.keys(schema.properties ?? {}).sort(), required: [...(schema.required ?? [])].sort() };
}
const objectsTarget = fileURLToPath(new URL('./objects.json', import.meta.url));
writeFileSync(objectsTarget, `${JSON.stringify(objects, null, 1)}\n`);
console.log(`wrote ${Object.keys(objects).length} object shapes to ${objectsTarget}`);
