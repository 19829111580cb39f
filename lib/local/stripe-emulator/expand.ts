import { readFileSync } from 'node:fs';
import type { Emulator } from './emulator';
import { invalidRequest } from './errors';
import type { JsonObject, JsonValue } from './objects/base';
import type { ObjectSchema, ResponseSpec } from './spec/schema';

let schemas: Record<string, ObjectSchema> | undefined;
function loadSchemas(): Record<string, ObjectSchema> {
  schemas ??= (JSON.parse(readFileSync(new URL('./spec/responses.json', import.meta.url), 'utf8')) as ResponseSpec).schemas;
  return schemas;
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resolve(s: ObjectSchema | undefined): ObjectSchema | undefined {
  let out = s;
  while (out?.t === 'ref') out = loadSchemas()[out.ref];
  return out;
}

/** A node's schema: its own (by its `object` name), else the one its parent's field declares. */
function schemaOf(node: JsonObject, declared: ObjectSchema | undefined): ObjectSchema | undefined {
  const own = typeof node.object === 'string' ? loadSchemas()[node.object] : undefined;
  return resolve(own ?? declared);
}

function fieldSchema(parent: ObjectSchema | undefined, key: string): ObjectSchema | undefined {
  return parent?.t === 'object' ? parent.props[key] : undefined;
}

/** As at Stripe, only fields the spec declares as "id or object" (anyOf with a schema) expand. */
function expandable(s: ObjectSchema | undefined): boolean {
  return s === undefined || (s.t === 'anyOf' && s.of.some((m) => m.t === 'ref'));
}

function expandPath(em: Emulator, node: JsonObject, declared: ObjectSchema | undefined, path: string[], full: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const value = node[head];
  const schema = schemaOf(node, declared);
  const field = fieldSchema(schema, head);
  if (value === undefined) throw invalidRequest(`This property cannot be expanded (${full}).`, { param: 'expand' });
  if (value === null) return;
  if (Array.isArray(value)) {
    const list = resolve(field);
    const items = list?.t === 'array' ? list.items : undefined;
    for (const item of value) if (isObject(item)) expandPath(em, item, items, rest, full);
    return;
  }
  if (typeof value === 'string') {
    const entry = em.store.entry(value);
    // A node of unknown schema (none in the spec) keeps the permissive behaviour: any id expands.
    if (!entry || (schema && !expandable(field))) throw invalidRequest(`This property cannot be expanded (${full}).`, { param: 'expand' });
    const copy = JSON.parse(JSON.stringify(entry.data)) as JsonObject;
    node[head] = copy;
    expandPath(em, copy, undefined, rest, full);
    return;
  }
  if (isObject(value)) expandPath(em, value, field, rest, full);
}

/**
 * Returns a copy of `obj` with the `expand[]` paths (e.g. `latest_charge`, `data.customer`)
 * expanded; a field the spec does not declare expandable is a 400, as at Stripe.
 */
export function expand(em: Emulator, obj: object, paths: string[]): object {
  if (paths.length === 0) return obj;
  const copy = JSON.parse(JSON.stringify(obj)) as JsonObject;
  for (const p of paths) expandPath(em, copy, undefined, p.split('.'), p);
  return copy;
}
