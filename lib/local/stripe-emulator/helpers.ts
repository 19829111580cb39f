import { listTestCards, listTestPaymentMethods } from './cards';
import { systemContext, type Reply } from './context';
import type { Emulator } from './emulator';
import { invalidRequest, parameterMissing, StripeApiError } from './errors';
import { escapeHtml, formatAmount, page } from './html';
import { faultRoutes } from './fault-helpers';
import type { Faults } from './faults';
import type { Params } from './params';
import { completeOnboarding, leaveIncomplete, rejectAccount } from './resources/accounts';
import { payCheckoutSession, sessionLineItems } from './resources/checkout-sessions';
import { finishAuthentication, paymentIntentView } from './resources/payment-intent-charge';
import { finishSetupAuthentication } from './resources/setup-intents';
import type { PaymentIntent, SetupIntent } from './objects/payments';
import { receiptPage } from './receipts';
import { Router } from './router';
import { PLATFORM_ACCOUNT, type AccountLinkRecord } from './store';

/** Test helpers under /_emulator/ (no API key needed: the emulator only listens on localhost). */
export interface HelperContext {
  em: Emulator;
  faults: Faults;
  params: Params;
  pathParams: Record<string, string>;
  requestId: string;
  /** Clears everything (store, queue, faults). */
  reset: () => void;
}

interface HelperRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  handler: (h: HelperContext) => Reply;
}

const json = (body: object): Reply => ({ body });
const NO_ORIGIN = { requestId: null, idempotencyKey: null };

function buttons(action: string, choices: [string, string][]): string {
  return `<form method="post" action="${escapeHtml(action)}">${choices
    .map(([value, label]) => `<button type="submit" name="action" value="${value}" data-action="${value}">${escapeHtml(label)}</button>`)
    .join('')}</form>`;
}

function withReturn(url: string, params: Record<string, string>): string {
  try {
    const u = new URL(url);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u.toString();
  } catch {
    return url;
  }
}

/** The hosted Checkout page: line items, a test card number, Pay / Cancel. */
function checkoutPage(h: HelperContext, message: string | null, status = 200): Reply {
  const session = h.em.store.get('checkout_session', h.pathParams.id ?? '');
  const money = (n: number) => formatAmount(n, session.currency);
  const items = sessionLineItems(h.em, session.id)
    .map((li) => `<li>${escapeHtml(li.description)} × ${li.quantity}: ${money(li.amount_total)}</li>`)
    .join('');
  const note = message ? `<p role="alert" data-error>${escapeHtml(message)}</p>` : '';
  if (session.status !== 'open') {
    return { status, html: page('Emulator Checkout', `${note}<p>This Checkout Session is ${escapeHtml(session.status)}.</p>`) };
  }
  const form = `<form method="post" action="/_emulator/checkout/${escapeHtml(session.id)}">
<p><label>Email <input name="email" type="email" value="${escapeHtml(session.customer_email ?? '')}"></label></p>
<p><label>Card number <input name="card_number" value="4242 4242 4242 4242"></label></p>
<button type="submit" name="action" value="pay" data-action="pay">Pay ${escapeHtml(money(session.amount_total))}</button>
<button type="submit" name="action" value="cancel" data-action="cancel">Cancel</button></form>`;
  return {
    status,
    html: page('Emulator Checkout', `${note}<ul>${items}</ul><p>Total: ${escapeHtml(money(session.amount_total))}</p>${form}`),
  };
}

/** Serves the onboarding link of the path's token: a 404 page when there is none, its refresh URL once used or expired. */
function withUsableLink(h: HelperContext, serve: (link: AccountLinkRecord) => Reply): Reply {
  const link = h.em.store.state.accountLinks[h.pathParams.token ?? ''];
  if (!link) return { status: 404, html: page('Link not found', '<p>This onboarding link does not exist.</p>') };
  if (link.used || link.expiresAt < h.em.now()) return { redirect: link.refreshUrl };
  return serve(link);
}

type Intent = { kind: 'payment'; pi: PaymentIntent } | { kind: 'setup'; si: SetupIntent };

function intentFor(h: HelperContext): Intent {
  const id = h.pathParams.id ?? '';
  return id.startsWith('seti_')
    ? { kind: 'setup', si: h.em.store.get('setup_intent', id) }
    : { kind: 'payment', pi: h.em.store.get('payment_intent', id) };
}

const routes: HelperRoute[] = [
  { method: 'GET', path: '/_emulator/health', handler: (h) => json({ ok: true, now: h.em.now() }) },
  {
    method: 'POST',
    path: '/_emulator/accounts/:id/complete_onboarding',
    handler: (h) => {
      const account = h.em.store.get('account', h.pathParams.id ?? '');
      completeOnboarding(h.em, NO_ORIGIN, account);
      return json(account);
    },
  },
  {
    method: 'POST',
    path: '/_emulator/accounts/:id/reject',
    handler: (h) => {
      const account = h.em.store.get('account', h.pathParams.id ?? '');
      rejectAccount(h.em, NO_ORIGIN, account, h.params.str('reason') ?? 'rejected.fraud');
      return json(account);
    },
  },
  {
    method: 'POST',
    path: '/_emulator/accounts/:id/payout_failure',
    handler: (h) => {
      const account = h.em.store.get('account', h.pathParams.id ?? '');
      const code = h.params.str('failure_code') ?? 'account_closed';
      if (code === '') delete h.em.store.state.payoutFailures[account.id];
      else h.em.store.state.payoutFailures[account.id] = code;
      return json({ account: account.id, failure_code: code || null });
    },
  },
  { method: 'GET', path: '/_emulator/clock', handler: (h) => json({ now: h.em.now(), offset_seconds: h.em.store.state.clockOffset }) },
  {
    method: 'POST',
    path: '/_emulator/clock/advance',
    handler: (h) => {
      const seconds = h.params.int('seconds') ?? 0;
      if (seconds < 0) throw invalidRequest('seconds must be >= 0', { param: 'seconds' });
      h.em.store.state.clockOffset += seconds;
      h.em.tick();
      return json({ now: h.em.now(), offset_seconds: h.em.store.state.clockOffset });
    },
  },
  ...faultRoutes,
  { method: 'GET', path: '/_emulator/faults', handler: (h) => json({ data: h.faults.list() }) },
  { method: 'POST', path: '/_emulator/faults', handler: (h) => json(h.faults.add(h.params)) },
  {
    method: 'DELETE',
    path: '/_emulator/faults',
    handler: (h) => {
      h.faults.clear();
      return json({ data: [] });
    },
  },
  {
    method: 'POST',
    path: '/_emulator/reset',
    handler: (h) => {
      h.reset();
      return json({ ok: true });
    },
  },
  {
    method: 'POST',
    path: '/_emulator/webhooks/pause',
    handler: (h) => {
      h.em.queue.pause();
      return json({ paused: true, pending: h.em.queue.pendingCount() });
    },
  },
  {
    method: 'POST',
    path: '/_emulator/webhooks/resume',
    handler: (h) => {
      h.em.queue.resume();
      return json({ paused: false, pending: h.em.queue.pendingCount() });
    },
  },
  {
    method: 'GET',
    path: '/_emulator/webhooks/deliveries',
    handler: (h) => json({ paused: h.em.queue.isPaused, pending: h.em.queue.pendingCount(), data: h.em.queue.log }),
  },
  {
    method: 'GET',
    path: '/_emulator/test_cards',
    handler: () => json({ cards: listTestCards(), payment_methods: listTestPaymentMethods() }),
  },
  {
    method: 'GET',
    path: '/_emulator/3ds/:id',
    handler: (h) => {
      const intent = intentFor(h);
      const what = intent.kind === 'payment' ? `a payment of ${formatAmount(intent.pi.amount, intent.pi.currency)}` : 'saving a card';
      const status = intent.kind === 'payment' ? intent.pi.status : intent.si.status;
      const id = intent.kind === 'payment' ? intent.pi.id : intent.si.id;
      const body =
        status === 'requires_action'
          ? `<p>3D Secure authentication for ${escapeHtml(what)} (${escapeHtml(id)}).</p>${buttons(
              `/_emulator/3ds/${id}?return_url=${encodeURIComponent(h.params.str('return_url') ?? '')}`,
              [
                ['complete', 'Complete authentication'],
                ['fail', 'Fail authentication'],
              ],
            )}`
          : `<p>This intent does not need authentication (status ${escapeHtml(status)}).</p>`;
      return { html: page('Emulator 3D Secure', body) };
    },
  },
  {
    method: 'POST',
    path: '/_emulator/3ds/:id',
    handler: (h) => {
      const intent = intentFor(h);
      const action = h.params.oneOf('action', ['complete', 'fail'] as const);
      if (!action) throw parameterMissing('action');
      const id = intent.kind === 'payment' ? intent.pi.id : intent.si.id;
      const ctx = systemContext(h.em, h.em.store.ownerOf(id) ?? PLATFORM_ACCOUNT);
      try {
        if (intent.kind === 'payment') finishAuthentication(ctx, intent.pi, action === 'complete');
        else finishSetupAuthentication(ctx, intent.si, action === 'complete');
      } catch (e) {
        if (!(e instanceof StripeApiError)) throw e; // a decline after authentication is reported on the intent
      }
      const next = intent.kind === 'payment' ? intent.pi.next_action : intent.si.next_action;
      const returnUrl = h.params.str('return_url') || next?.redirect_to_url.return_url;
      const ok =
        intent.kind === 'payment' ? ['succeeded', 'requires_capture'].includes(intent.pi.status) : intent.si.status === 'succeeded';
      if (returnUrl) {
        const params: Record<string, string> =
          intent.kind === 'payment'
            ? { payment_intent: intent.pi.id, payment_intent_client_secret: intent.pi.client_secret }
            : { setup_intent: intent.si.id, setup_intent_client_secret: intent.si.client_secret };
        return { redirect: withReturn(returnUrl, { ...params, redirect_status: ok ? 'succeeded' : 'failed' }) };
      }
      return json(intent.kind === 'payment' ? paymentIntentView(ctx, intent.pi) : intent.si);
    },
  },
  {
    method: 'GET',
    path: '/_emulator/connect/onboarding/:token',
    handler: (h) =>
      withUsableLink(h, (link) => {
        const account = h.em.store.get('account', link.account);
        const body = `<p>Onboarding for <code>${escapeHtml(account.id)}</code> (${escapeHtml(account.email ?? 'no email')}).</p>${buttons(
          `/_emulator/connect/onboarding/${h.pathParams.token ?? ''}`,
          [
            ['complete', 'Complete onboarding'],
            ['incomplete', 'Leave incomplete'],
            ['reject', 'Reject account'],
          ],
        )}`;
        return { html: page('Emulator Connect onboarding', body) };
      }),
  },
  {
    method: 'POST',
    path: '/_emulator/connect/onboarding/:token',
    handler: (h) =>
      withUsableLink(h, (link) => {
        const action = h.params.oneOf('action', ['complete', 'incomplete', 'reject'] as const) ?? 'complete';
        const account = h.em.store.get('account', link.account);
        link.used = true;
        if (action === 'complete') completeOnboarding(h.em, NO_ORIGIN, account);
        else if (action === 'incomplete') leaveIncomplete(h.em, NO_ORIGIN, account);
        else rejectAccount(h.em, NO_ORIGIN, account);
        return { redirect: link.returnUrl };
      }),
  },
  { method: 'GET', path: '/_emulator/checkout/:id', handler: (h) => checkoutPage(h, null) },
  {
    method: 'POST',
    path: '/_emulator/checkout/:id',
    handler: (h) => {
      const session = h.em.store.get('checkout_session', h.pathParams.id ?? '');
      const action = h.params.oneOf('action', ['pay', 'cancel'] as const) ?? 'pay';
      if (action === 'cancel') return session.cancel_url ? { redirect: session.cancel_url } : checkoutPage(h, 'Canceled.');
      const ctx = systemContext(h.em, h.em.store.ownerOf(session.id) ?? PLATFORM_ACCOUNT);
      const email = h.params.str('email') || session.customer_email;
      const error = payCheckoutSession(ctx, session, h.params.str('card_number') || '4242424242424242', email ?? null);
      if (error) return checkoutPage(h, error, 402);
      return { redirect: session.success_url.replace('{CHECKOUT_SESSION_ID}', session.id) };
    },
  },
  { method: 'GET', path: '/_emulator/receipts/:id', handler: (h) => receiptPage(h.em, h.pathParams.id ?? '') },
  {
    method: 'GET',
    path: '/_emulator/express/:id/:token',
    handler: (h) => {
      const account = h.em.store.get('account', h.pathParams.id ?? '');
      return { html: page('Emulator Express dashboard', `<p>Express dashboard of <code>${escapeHtml(account.id)}</code>.</p>`) };
    },
  },
];

export const helperRouter = new Router(routes);
