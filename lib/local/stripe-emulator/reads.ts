/** The reads every resource answers the same way: the object the path names, retrieved (expanded as asked), or listed. */
import type { RequestContext } from './context';
import { expand } from './expand';
import { paginate } from './list';
import type { ListObject } from './objects/base';
import type { Kind, ObjectTypes } from './objects/registry';

/** The object of `kind` named by the path's `:id`, if `account` (the caller's, by default) owns it; else a 404. */
export function fromPath<K extends Kind>(ctx: RequestContext, kind: K, account = ctx.account): ObjectTypes[K] {
  return ctx.em.store.get(kind, ctx.pathParams.id ?? '', account);
}

/** GET /v1/<objects>/:id: the object, expanded as asked. */
export function retrieveFromPath<K extends Kind>(ctx: RequestContext, kind: K, account = ctx.account): object {
  return expand(ctx.em, fromPath(ctx, kind, account), ctx.params.expand());
}

interface ListFilters<T> {
  /** Params that, when sent, keep only the objects whose field of the same name equals them (`?customer=cus_…`). */
  matching?: readonly (keyof T & string)[];
  /** Any other filter. */
  keep?: (o: T) => boolean;
  /** Whose objects (default: the caller's account). */
  account?: string;
}

/** A page of the account's objects of `kind` that pass the filters (as a list endpoint that takes no `expand` answers). */
export function pageOfOwned<K extends Kind>(
  ctx: RequestContext,
  kind: K,
  url: string,
  filters: ListFilters<ObjectTypes[K]> = {},
): ListObject<ObjectTypes[K]> {
  const { matching = [], keep = () => true, account = ctx.account } = filters;
  const wanted = matching.flatMap((field) => {
    const value = ctx.params.str(field);
    return value === undefined ? [] : [{ field, value }];
  });
  const items = ctx.em.store.all(kind, account).filter((o) => wanted.every(({ field, value }) => o[field] === value) && keep(o));
  return paginate(ctx, items, url);
}

/** GET /v1/<objects>: the page, expanded as asked. */
export function listOwned<K extends Kind>(ctx: RequestContext, kind: K, url: string, filters: ListFilters<ObjectTypes[K]> = {}): object {
  return expand(ctx.em, pageOfOwned(ctx, kind, url, filters), ctx.params.expand());
}
