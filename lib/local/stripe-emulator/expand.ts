import type { Emulator } from './emulator';
import { invalidRequest } from './errors';
import type { JsonObject, JsonValue } from './objects';

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function expandPath(em: Emulator, node: JsonObject, path: string[], full: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const value = node[head];
  if (value === undefined) throw invalidRequest(`This property cannot be expanded (${full}).`, { param: 'expand' });
  if (value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) if (isObject(item)) expandPath(em, item, rest, full);
    return;
  }
  if (typeof value === 'string') {
    const entry = em.store.entry(value);
    if (!entry) throw invalidRequest(`This property cannot be expanded (${full}).`, { param: 'expand' });
    const copy = JSON.parse(JSON.stringify(entry.data)) as JsonObject;
    node[head] = copy;
    expandPath(em, copy, rest, full);
    return;
  }
  if (isObject(value)) expandPath(em, value, rest, full);
}

/** Returns a copy of `obj` with the `expand[]` paths (e.g. `latest_charge`, `data.customer`) expanded. */
export function expand(em: Emulator, obj: object, paths: string[]): object {
  if (paths.length === 0) return obj;
  const copy = JSON.parse(JSON.stringify(obj)) as JsonObject;
  for (const p of paths) expandPath(em, copy, p.split('.'), p);
  return copy;
}
