import type { RequestContext, Route } from '../context';
import { paginate } from '../list';
import { fromPath } from '../reads';

/** Events of the requesting account (with Stripe-Account: that connected account's events). */
const list = (ctx: RequestContext) => {
  const type = ctx.params.str('type');
  const types = ctx.params.strArray('types');
  const matches = (t: string) => {
    if (types) return types.includes(t);
    if (!type) return true;
    if (type.endsWith('*')) return t.startsWith(type.slice(0, -1));
    return t === type;
  };
  const items = ctx.em.store.all('event', ctx.account).filter((e) => matches(e.type));
  return paginate(ctx, items, '/v1/events');
};

const retrieve = (ctx: RequestContext) => fromPath(ctx, 'event');

export const eventRoutes: Route[] = [
  { method: 'GET', path: '/v1/events', handler: list },
  { method: 'GET', path: '/v1/events/:id', handler: retrieve },
];
