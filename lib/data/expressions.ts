/**
 * The one place DynamoDB update and condition expressions are built from data. Writers in lib/data describe a change
 * (set, remove, add, append) and its preconditions (equal, absent, one of, ...) as plain objects; this turns them
 * into an expression with generated placeholder names, so no caller concatenates expression strings.
 */

export type Condition =
  | { attr: string; eq: unknown }
  | { attr: string; ne: unknown }
  | { attr: string; in: readonly unknown[] }
  | { attr: string; lte: unknown }
  | { attr: string; gte: unknown }
  | { attr: string; lt: unknown }
  | { attr: string; gt: unknown }
  | { attr: string; absent: true }
  | { attr: string; present: true }
  /** A list (or set) attribute that does not hold the value (true when the attribute is missing). */
  | { attr: string; lacks: unknown }
  | { or: readonly Condition[] }
  | { and: readonly Condition[] };

export interface Change {
  set?: Record<string, unknown>;
  /** Set only when the attribute has no value yet. */
  setIfAbsent?: Record<string, unknown>;
  remove?: readonly string[];
  /** Numeric increments (negative to decrement); a missing attribute counts as 0. */
  add?: Record<string, number>;
  /** Appends to a list attribute (created empty when missing). */
  append?: Record<string, readonly unknown[]>;
}

interface BuiltExpression {
  UpdateExpression?: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

class Builder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private n = 0;
  private v = 0;
  private byAttr = new Map<string, string>();

  name(path: string): string {
    // a dotted path names a nested attribute: every segment gets its own placeholder
    return path
      .split('.')
      .map((segment) => {
        let placeholder = this.byAttr.get(segment);
        if (!placeholder) {
          placeholder = `#n${this.n++}`;
          this.byAttr.set(segment, placeholder);
          this.names[placeholder] = segment;
        }
        return placeholder;
      })
      .join('.');
  }

  value(value: unknown): string {
    const placeholder = `:v${this.v++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  condition(c: Condition): string {
    if ('or' in c) return `(${c.or.map((x) => this.condition(x)).join(' OR ')})`;
    if ('and' in c) return `(${c.and.map((x) => this.condition(x)).join(' AND ')})`;
    const a = this.name(c.attr);
    if ('eq' in c) return `${a} = ${this.value(c.eq)}`;
    if ('ne' in c) return `${a} <> ${this.value(c.ne)}`;
    if ('lte' in c) return `${a} <= ${this.value(c.lte)}`;
    if ('gte' in c) return `${a} >= ${this.value(c.gte)}`;
    if ('lt' in c) return `${a} < ${this.value(c.lt)}`;
    if ('gt' in c) return `${a} > ${this.value(c.gt)}`;
    if ('absent' in c) return `attribute_not_exists(${a})`;
    if ('present' in c) return `attribute_exists(${a})`;
    if ('lacks' in c) return `NOT contains(${a}, ${this.value(c.lacks)})`;
    if (c.in.length === 0) throw new Error(`empty IN list for ${c.attr}`);
    return `${a} IN (${c.in.map((x) => this.value(x)).join(', ')})`;
  }

  update(change: Change): string | undefined {
    const set = [
      ...Object.entries(change.set ?? {}).map(([k, v]) => `${this.name(k)} = ${this.value(v)}`),
      ...Object.entries(change.setIfAbsent ?? {}).map(([k, v]) => {
        const a = this.name(k);
        return `${a} = if_not_exists(${a}, ${this.value(v)})`;
      }),
      ...Object.entries(change.add ?? {}).map(([k, v]) => {
        const a = this.name(k);
        return `${a} = if_not_exists(${a}, ${this.value(0)}) + ${this.value(v)}`;
      }),
      ...Object.entries(change.append ?? {}).map(([k, v]) => {
        const a = this.name(k);
        return `${a} = list_append(if_not_exists(${a}, ${this.value([])}), ${this.value(v)})`;
      }),
    ];
    const remove = (change.remove ?? []).map((k) => this.name(k));
    const parts = [set.length ? `SET ${set.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : ''].filter(Boolean);
    return parts.length ? parts.join(' ') : undefined;
  }
}

/** Builds the expression parts for an UpdateItem (change + conditions) or a conditional Put/Delete (conditions only). */
export function buildExpression(change: Change | undefined, conditions: readonly Condition[] = []): BuiltExpression {
  const b = new Builder();
  const UpdateExpression = change ? b.update(change) : undefined;
  const ConditionExpression = conditions.length ? conditions.map((c) => b.condition(c)).join(' AND ') : undefined;
  return {
    ...(UpdateExpression ? { UpdateExpression } : {}),
    ...(ConditionExpression ? { ConditionExpression } : {}),
    ...(Object.keys(b.names).length ? { ExpressionAttributeNames: b.names } : {}),
    ...(Object.keys(b.values).length ? { ExpressionAttributeValues: b.values } : {}),
  };
}

/** A Put that never overwrites: the item id is deterministic, so a retried write is a no-op (or a refused duplicate). */
export const ONLY_NEW: Condition = { attr: 'id', absent: true };

/** A whole UpdateItem input (table, key, change, conditions); an update that changes nothing is a programming error. */
export function updateInput(tableName: string, key: Record<string, unknown>, change: Change, conditions: readonly Condition[] = []) {
  const built = buildExpression(change, conditions);
  if (!built.UpdateExpression) throw new Error(`an update of ${tableName} must change something`);
  return { TableName: tableName, Key: key, ...built, UpdateExpression: built.UpdateExpression };
}

/** A Put of a new item under a deterministic id: refused (never overwriting) when the id exists. */
export function newItemPut<T extends object>(tableName: string, item: T) {
  return { TableName: tableName, Item: item, ...buildExpression(undefined, [ONLY_NEW]) };
}
