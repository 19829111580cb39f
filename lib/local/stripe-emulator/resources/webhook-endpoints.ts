import type { RequestContext, Route } from '../context';
import { invalidRequest, parameterMissing } from '../errors';
import { paginate } from '../list';
import type { WebhookEndpoint } from '../objects/webhooks';
import { fromPath } from '../reads';
import { newId, PLATFORM_ACCOUNT, randomToken } from '../store';

function checkUrl(url: string): void {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw invalidRequest('Invalid URL: URL must be a valid http(s) URL.', { param: 'url', code: 'url_invalid' });
  }
}

function enabledEvents(ctx: RequestContext): string[] | undefined {
  const events = ctx.params.strArray('enabled_events');
  if (events && events.length === 0) throw parameterMissing('enabled_events');
  return events;
}

/** Stripe returns the signing secret only when the endpoint is created. */
function publicView(e: WebhookEndpoint): WebhookEndpoint {
  const { secret: _secret, ...rest } = e;
  return rest;
}

const create = (ctx: RequestContext) => {
  const p = ctx.params;
  const url = p.reqStr('url');
  checkUrl(url);
  const events = enabledEvents(ctx);
  if (!events) throw parameterMissing('enabled_events');
  const endpoint: WebhookEndpoint = {
    id: newId('we'),
    object: 'webhook_endpoint',
    api_version: p.str('api_version') ?? null,
    application: null,
    created: ctx.em.now(),
    description: p.str('description') ?? null,
    enabled_events: events,
    livemode: false,
    metadata: p.metadata(),
    status: 'enabled',
    url,
  };
  const secret = ctx.em.config.webhookSecret ?? `whsec_${randomToken(32)}`;
  ctx.em.store.insert('webhook_endpoint', PLATFORM_ACCOUNT, endpoint);
  ctx.em.store.state.webhookSecrets[endpoint.id] = secret;
  ctx.em.store.state.webhookConnect[endpoint.id] = p.bool('connect') ?? false;
  return { ...endpoint, secret };
};

const get = (ctx: RequestContext) => fromPath(ctx, 'webhook_endpoint', PLATFORM_ACCOUNT);

const retrieve = (ctx: RequestContext) => publicView(get(ctx));

const update = (ctx: RequestContext) => {
  const e = get(ctx);
  const p = ctx.params;
  const url = p.str('url');
  if (url !== undefined) {
    checkUrl(url);
    e.url = url;
  }
  const events = enabledEvents(ctx);
  if (events) e.enabled_events = events;
  const disabled = p.bool('disabled');
  if (disabled !== undefined) e.status = disabled ? 'disabled' : 'enabled';
  const description = p.nullableStr('description');
  if (description !== undefined) e.description = description;
  e.metadata = p.metadata(e.metadata);
  return publicView(e);
};

const remove = (ctx: RequestContext) => {
  const e = get(ctx);
  ctx.em.store.remove(e.id);
  delete ctx.em.store.state.webhookSecrets[e.id];
  delete ctx.em.store.state.webhookConnect[e.id];
  return { id: e.id, object: 'webhook_endpoint', deleted: true };
};

const list = (ctx: RequestContext) =>
  paginate(ctx, ctx.em.store.all('webhook_endpoint', PLATFORM_ACCOUNT).map(publicView), '/v1/webhook_endpoints');

export const webhookEndpointRoutes: Route[] = [
  { method: 'POST', path: '/v1/webhook_endpoints', handler: create },
  { method: 'GET', path: '/v1/webhook_endpoints', handler: list },
  { method: 'GET', path: '/v1/webhook_endpoints/:id', handler: retrieve },
  { method: 'POST', path: '/v1/webhook_endpoints/:id', handler: update },
  { method: 'DELETE', path: '/v1/webhook_endpoints/:id', handler: remove },
];
