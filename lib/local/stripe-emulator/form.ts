/**
 * Decoding of Stripe's form encoding: `a[b][c]=v`, arrays as `a[]=v` or `a[0]=v` (the SDK's indexed
 * format), both in request bodies and in query strings.
 */
export type Param = string | ParamMap | Param[];
export interface ParamMap {
  [key: string]: Param;
}

function parseKey(raw: string): string[] {
  const open = raw.indexOf('[');
  if (open <= 0) return [raw];
  const parts = [raw.slice(0, open)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw.slice(open))) !== null) parts.push(m[1] ?? '');
  return parts;
}

const ARRAY_PUSH = '';

function assign(root: ParamMap, path: string[], value: string): void {
  let node: ParamMap = root;
  for (let i = 0; i < path.length; i++) {
    let seg = path[i] ?? '';
    const last = i === path.length - 1;
    if (seg === ARRAY_PUSH) {
      // `a[]=x` appends; `a[][k]=x` starts a new element unless the last one lacks k.
      const count = Object.keys(node).length;
      const next = path[i + 1];
      const prev = node[String(count - 1)];
      const reuse =
        !last && next !== undefined && prev !== undefined && typeof prev === 'object' && !Array.isArray(prev) && !(next in prev);
      seg = String(reuse ? count - 1 : count);
    }
    if (last) {
      node[seg] = value;
      return;
    }
    const child = node[seg];
    if (child === undefined || typeof child === 'string' || Array.isArray(child)) {
      const fresh: ParamMap = {};
      node[seg] = fresh;
      node = fresh;
    } else {
      node = child;
    }
  }
}

const INDEX = /^(0|[1-9]\d*)$/;

/** Maps whose keys are all array indices become arrays (in index order). */
function normalize(p: Param): Param {
  if (typeof p === 'string' || Array.isArray(p)) return p;
  const keys = Object.keys(p);
  if (keys.length > 0 && keys.every((k) => INDEX.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => normalize(p[String(k)] as Param));
  }
  const out: ParamMap = {};
  for (const k of keys) out[k] = normalize(p[k] as Param);
  return out;
}

export function decodeForm(body: string): ParamMap {
  const root: ParamMap = {};
  for (const [key, value] of new URLSearchParams(body)) assign(root, parseKey(key), value);
  const out = normalize(root);
  return typeof out === 'object' && !Array.isArray(out) ? out : {};
}

/** Canonical JSON (sorted keys) of params, to compare idempotent requests. */
export function canonical(p: Param): string {
  if (typeof p === 'string') return JSON.stringify(p);
  if (Array.isArray(p)) return `[${p.map(canonical).join(',')}]`;
  return `{${Object.keys(p)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(p[k] as Param)}`)
    .join(',')}}`;
}
