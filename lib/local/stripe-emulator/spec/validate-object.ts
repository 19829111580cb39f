import type { ObjectSchema } from './schema';

/** Fields an object may carry although its spec schema lacks them: schema name → field → the reason. */
export type FieldExceptions = Record<string, Record<string, string>>;

interface ValidateOptions {
  /** The component schemas that `ref` nodes name (spec/responses.json `schemas`). */
  schemas: Record<string, ObjectSchema>;
  exceptions?: FieldExceptions;
}

const patterns = new Map<string, RegExp>();
function matches(pattern: string, value: string): boolean {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(pattern);
    patterns.set(pattern, re);
  }
  return re.test(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function check(value: unknown, s: ObjectSchema, path: string, owner: string | undefined, opts: ValidateOptions, out: string[]): void {
  if (value === null) {
    if (!s.n && s.t !== 'any') out.push(`${path}: null, but the field is not nullable`);
    return;
  }
  const wrong = (expected: string): void => {
    out.push(`${path}: expected ${expected}, got ${describe(value)}`);
  };
  switch (s.t) {
    case 'any':
      return;
    case 'ref': {
      const target = opts.schemas[s.ref];
      if (!target) out.push(`${path}: no schema named ${s.ref}`);
      else check(value, target, path, s.ref, opts, out);
      return;
    }
    case 'string':
      if (typeof value !== 'string') return wrong('a string');
      if (s.enum && !s.enum.includes(value)) out.push(`${path}: ${JSON.stringify(value)} is not one of ${s.enum.join(', ')}`);
      if (s.pattern && !matches(s.pattern, value)) out.push(`${path}: ${JSON.stringify(value)} does not match ${s.pattern}`);
      return;
    case 'integer':
      if (!Number.isInteger(value)) wrong('an integer');
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) wrong('a number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrong('a boolean');
      return;
    case 'array':
      if (!Array.isArray(value)) return wrong('an array');
      value.forEach((item, i) => check(item, s.items, `${path}[${i}]`, undefined, opts, out));
      return;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return wrong(owner ? `an object (${owner})` : 'an object');
      const obj = value as Record<string, unknown>;
      for (const [key, v] of Object.entries(obj)) {
        const prop = s.props[key] ?? s.extra;
        if (prop) check(v, prop, `${path}.${key}`, undefined, opts, out);
        else if (!(owner && opts.exceptions?.[owner]?.[key])) out.push(`${path}.${key}: not in the ${owner ?? 'inline'} schema`);
      }
      for (const key of s.req ?? []) if (!(key in obj)) out.push(`${path}.${key}: required by the ${owner ?? 'inline'} schema but missing`);
      return;
    }
    case 'anyOf': {
      // Valid if one member accepts it; else the problems of the closest member of the value's type
      // (an expanded object's own problems, rather than "expected a string").
      let closest: string[] | undefined;
      for (const member of s.of) {
        if (!sameType(value, member, opts)) continue;
        const issues: string[] = [];
        check(value, member, path, owner, opts, issues);
        if (issues.length === 0) return;
        if (!closest || issues.length < closest.length) closest = issues;
      }
      out.push(...(closest ?? [`${path}: expected one of ${s.of.map((m) => label(m)).join(' | ')}, got ${describe(value)}`]));
      return;
    }
  }
}

function label(s: ObjectSchema): string {
  return s.t === 'ref' ? s.ref : s.t;
}

/** Whether the value has the JSON type the schema describes (refs followed). */
function sameType(value: unknown, s: ObjectSchema, opts: ValidateOptions): boolean {
  const t = s.t === 'ref' ? opts.schemas[s.ref]?.t : s.t;
  switch (t) {
    case 'string':
    case 'boolean':
      return typeof value === t;
    case 'integer':
    case 'number':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    default:
      return true;
  }
}

/**
 * Checks a JSON value against a compact OpenAPI schema: types (integer ≠ number), enums, patterns,
 * nullability, required fields, no unknown fields (bar `exceptions`), nested objects, arrays, maps
 * and anyOf (an expandable field: its id or the expanded object). Returns the problems, one per
 * line as `$.path: what`; none = valid.
 */
export function validateObject(value: unknown, schema: ObjectSchema, opts: ValidateOptions): string[] {
  const out: string[] = [];
  check(value, schema, '$', undefined, opts, out);
  return out;
}
