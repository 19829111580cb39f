/**
 * Regenerates, from Stripe's OpenAPI description, for the operations the emulator serves:
 * - spec/params.json: their request parameters (descriptions dropped, $refs resolved);
 * - spec/responses.json: the schema of each one's 200 response and every component schema those
 *   reach ($refs kept by name), for the response conformance test (spec/validate-object.ts).
 * Usage: npx tsx lib/local/stripe-emulator/spec/extract.ts <Stripe's OpenAPI description, JSON>
 * (the description itself is not kept in the repository: only what this script extracts from it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apiRoutes } from '../routes';
import { operationKey, type ObjectSchema, type OperationSchema, type ParamSchema, type ResponseSpec, type SpecFile } from './schema';

interface OpenApiSchema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  maxLength?: number;
  pattern?: string;
  nullable?: boolean;
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
  responses?: Record<string, { content?: Record<string, { schema?: OpenApiSchema }> }>;
}
interface OpenApi {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, OpenApiSchema> };
}

const source = process.argv[2];
if (!source) throw new Error("usage: npx tsx lib/local/stripe-emulator/spec/extract.ts <Stripe's OpenAPI description, JSON>");
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
      const extra =
        s.additionalProperties === true
          ? { t: 'any' as const }
          : s.additionalProperties
            ? compact(s.additionalProperties, depth + 1)
            : undefined;
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

/** Response schemas keep $refs by name (objects nest recursively: charge → customer → invoice → charge). */
const referenced = new Set<string>();
function compactResponse(s: OpenApiSchema | undefined): ObjectSchema {
  if (!s) return { t: 'any' };
  const n = s.nullable ? { n: true as const } : {};
  if (s.$ref) {
    const ref = s.$ref.replace('#/components/schemas/', '');
    referenced.add(ref);
    return { t: 'ref', ref };
  }
  const union = s.anyOf ?? s.oneOf;
  if (union) {
    const of = union.map(compactResponse);
    return of.length === 1 ? { ...(of[0] as ObjectSchema), ...n } : { t: 'anyOf', of, ...n };
  }
  switch (s.type) {
    case 'string':
      return { t: 'string', ...(s.enum ? { enum: s.enum.map(String) } : {}), ...(s.pattern ? { pattern: s.pattern } : {}), ...n };
    case 'integer':
    case 'number':
    case 'boolean':
      return { t: s.type, ...n };
    case 'array':
      return { t: 'array', items: compactResponse(s.items), ...n };
    case 'object': {
      const props: Record<string, ObjectSchema> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) props[k] = compactResponse(v);
      // No properties and no additionalProperties: a free-form object (an event's data.object).
      const extra =
        s.additionalProperties === true || (!s.properties && !s.additionalProperties)
          ? { t: 'any' as const }
          : s.additionalProperties
            ? compactResponse(s.additionalProperties)
            : undefined;
      return { t: 'object', props, ...(s.required?.length ? { req: [...s.required].sort() } : {}), ...(extra ? { extra } : {}), ...n };
    }
    default:
      return { t: 'any', ...n };
  }
}

const responses: ResponseSpec = { schemas: {}, operations: {} };
for (const route of apiRoutes) {
  const key = operationKey(route.method, route.path);
  const specPath = Object.keys(api.paths).find((p) => operationKey(route.method, p) === key);
  const schema = specPath
    ? api.paths[specPath]?.[route.method.toLowerCase()]?.responses?.['200']?.content?.['application/json']?.schema
    : undefined;
  if (schema) responses.operations[key] = compactResponse(schema);
}
compactResponse({ $ref: '#/components/schemas/error' }); // every operation's error (`default`) response
// Adds every schema the ones so far refer to, until none is missing.
for (let missing = [...referenced]; missing.length > 0; missing = [...referenced].filter((r) => !responses.schemas[r])) {
  for (const name of missing) responses.schemas[name] = compactResponse(api.components.schemas[name]);
}
// One schema per line, sorted, so a regeneration diffs readably.
const lines = (o: Record<string, ObjectSchema>) =>
  Object.keys(o)
    .sort()
    .map((k) => `  ${JSON.stringify(k)}: ${JSON.stringify(o[k])}`)
    .join(',\n');
const responsesTarget = fileURLToPath(new URL('./responses.json', import.meta.url));
writeFileSync(
  responsesTarget,
  `{\n "operations": {\n${lines(responses.operations)}\n },\n "schemas": {\n${lines(responses.schemas)}\n }\n}\n`,
);
console.log(
  `wrote ${Object.keys(responses.operations).length} response schemas and ${Object.keys(responses.schemas).length} object schemas to ${responsesTarget}`,
);
