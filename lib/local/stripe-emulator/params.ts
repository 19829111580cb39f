import { parameterInvalid, parameterMissing } from './errors';
import type { Param, ParamMap } from './form';
import type { Metadata } from './objects/base';

/** Typed readers over decoded form params; they throw Stripe's parameter errors. */
export class Params {
  constructor(
    readonly raw: ParamMap,
    private readonly prefix = '',
  ) {}

  private name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  str(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw parameterInvalid(this.name(key), 'string', `Invalid string: ${this.name(key)}`);
    return v;
  }

  reqStr(key: string): string {
    const v = this.str(key);
    if (v === undefined || v === '') throw parameterMissing(this.name(key));
    return v;
  }

  /** A string that may be unset with an empty value (Stripe's `param=`): null then. */
  nullableStr(key: string): string | null | undefined {
    const v = this.str(key);
    return v === '' ? null : v;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) {
      throw parameterInvalid(this.name(key), 'enum', `Invalid ${this.name(key)}: must be one of ${allowed.join(', ')}`);
    }
    return v as T;
  }

  int(key: string): number | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw parameterInvalid(this.name(key), 'integer', `Invalid integer: ${v}`);
    return Number(v);
  }

  reqInt(key: string): number {
    const v = this.int(key);
    if (v === undefined) throw parameterMissing(this.name(key));
    return v;
  }

  bool(key: string): boolean | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') throw parameterInvalid(this.name(key), 'boolean', `Invalid boolean: ${v}`);
    return v === 'true';
  }

  map(key: string): Params | undefined {
    const v = this.raw[key];
    if (v === undefined || v === '') return undefined;
    if (typeof v === 'string' || Array.isArray(v)) {
      throw parameterInvalid(this.name(key), 'string', `Invalid hash: ${this.name(key)}`);
    }
    return new Params(v, this.name(key));
  }

  strArray(key: string): string[] | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    const arr: Param[] = Array.isArray(v) ? v : typeof v === 'string' ? (v === '' ? [] : [v]) : Object.values(v);
    return arr.map((x, i) => {
      if (typeof x !== 'string') throw parameterInvalid(`${this.name(key)}[${i}]`, 'string');
      return x;
    });
  }

  /** Stripe's metadata semantics: `metadata=` clears, `metadata[k]=` deletes k, others set. */
  metadata(current: Metadata = {}, key = 'metadata'): Metadata {
    const v = this.raw[key];
    if (v === undefined) return current;
    if (v === '') return {};
    if (typeof v === 'string') throw parameterInvalid(this.name(key), 'string', `Invalid hash: ${this.name(key)}`);
    const entries: [string, Param][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
    const out: Metadata = { ...current };
    for (const [k, val] of entries) {
      if (typeof val !== 'string') throw parameterInvalid(`${this.name(key)}[${k}]`, 'string');
      if (val === '') delete out[k];
      else out[k] = val;
    }
    return out;
  }

  expand(): string[] {
    return this.strArray('expand') ?? [];
  }
}

/** The two fields most updates take: `metadata` (Stripe's metadata semantics) and `description` ('' clears it). */
export function updateMetadataAndDescription(p: Params, obj: { metadata: Metadata; description: string | null }): void {
  obj.metadata = p.metadata(obj.metadata);
  const description = p.nullableStr('description');
  if (description !== undefined) obj.description = description;
}
