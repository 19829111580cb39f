import type { RequestContext } from './context';
import { invalidRequest, parameterInvalid } from './errors';
import type { ListObject } from './objects/base';

/**
 * Stripe's cursor pagination over `items` (oldest first, as stored): newest first, `limit` 1..100
 * (default 10), `starting_after` / `ending_before` object ids, `has_more`.
 */
export function paginate<T extends { id: string; created?: number }>(ctx: RequestContext, items: T[], url: string): ListObject<T> {
  const p = ctx.params;
  const limit = p.int('limit') ?? 10;
  if (limit < 1 || limit > 100) {
    throw parameterInvalid('limit', 'integer', 'This value must be greater than or equal to 1 and less than or equal to 100.');
  }
  const startingAfter = p.str('starting_after');
  const endingBefore = p.str('ending_before');
  if (startingAfter && endingBefore) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', { param: 'ending_before' });
  }
  const created = p.map('created');
  let list = [...items].reverse();
  if (created) {
    const gt = created.int('gt');
    const gte = created.int('gte');
    const lt = created.int('lt');
    const lte = created.int('lte');
    list = list.filter((o) => {
      const c = o.created ?? 0;
      return (
        (gt === undefined || c > gt) && (gte === undefined || c >= gte) && (lt === undefined || c < lt) && (lte === undefined || c <= lte)
      );
    });
  } else if (p.has('created')) {
    const exact = p.int('created');
    list = list.filter((o) => o.created === exact);
  }
  const cursorIndex = (id: string, param: string) => {
    const i = list.findIndex((o) => o.id === id);
    if (i < 0) throw invalidRequest(`No such object: '${id}'`, { code: 'resource_missing', param, status: 404 });
    return i;
  };
  let page: T[];
  let hasMore: boolean;
  if (startingAfter) {
    const rest = list.slice(cursorIndex(startingAfter, 'starting_after') + 1);
    page = rest.slice(0, limit);
    hasMore = rest.length > limit;
  } else if (endingBefore) {
    const before = list.slice(0, cursorIndex(endingBefore, 'ending_before'));
    page = before.slice(Math.max(0, before.length - limit));
    hasMore = before.length > limit;
  } else {
    page = list.slice(0, limit);
    hasMore = list.length > limit;
  }
  return { object: 'list', data: page, has_more: hasMore, url };
}
