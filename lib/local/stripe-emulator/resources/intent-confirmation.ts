/**
 * What confirming a PaymentIntent and a SetupIntent have in common: reading one with a publishable key (only with its
 * client secret, and only the fields Stripe shows then), the error a declined card leaves on it, and the redirect
 * to the emulator's 3D Secure page.
 */
import type { Decline } from '../cards';
import type { RequestContext } from '../context';
import { errorDocUrl, invalidRequest, permissionError } from '../errors';
import { expand } from '../expand';
import type { LastPaymentError, NextAction, PaymentIntent, PaymentMethod, SetupIntent } from '../objects/payments';

const INTENTS = {
  payment_intent: { name: 'PaymentIntent', secretMismatchCode: 'payment_intent_invalid_parameter' },
  setup_intent: { name: 'SetupIntent', secretMismatchCode: undefined },
} as const;
type IntentKind = keyof typeof INTENTS;
interface IntentOf {
  payment_intent: PaymentIntent;
  setup_intent: SetupIntent;
}

/** The intent named by the path; a publishable key must send its client secret. */
export function intentFromPath<K extends IntentKind>(ctx: RequestContext, kind: K): IntentOf[K] {
  const intent = ctx.em.store.get(kind, ctx.pathParams.id ?? '', ctx.account);
  if (ctx.keyKind === 'publishable') {
    const { name, secretMismatchCode } = INTENTS[kind];
    const secret = ctx.params.str('client_secret');
    if (secret === undefined)
      throw permissionError(`This API call cannot be made with a publishable API key without the ${name} client_secret.`);
    if (secret !== intent.client_secret) {
      throw invalidRequest(`The client_secret provided does not match the client_secret associated with the ${name}.`, {
        param: 'client_secret',
        code: secretMismatchCode,
      });
    }
  }
  return intent;
}

/** The intent as the caller may see it: whole (expanded as asked) with a secret key, only `publishable` fields otherwise. */
export function intentView<T extends PaymentIntent | SetupIntent>(
  ctx: RequestContext,
  intent: T,
  publishable: readonly (keyof T)[],
): object {
  if (ctx.keyKind === 'secret') return expand(ctx.em, intent, ctx.params.expand());
  const out: Partial<T> = {};
  for (const k of publishable) out[k] = intent[k];
  return out;
}

/** The error a declined card (or a failed authentication) leaves on the intent, and answers with. */
export function cardError(decline: Decline, pm: PaymentMethod, chargeId: string | null = null): LastPaymentError {
  return {
    type: 'card_error',
    code: decline.code,
    ...(decline.decline_code ? { decline_code: decline.decline_code } : {}),
    message: decline.message,
    doc_url: errorDocUrl(decline.code),
    ...(chargeId ? { charge: chargeId } : {}),
    payment_method: pm,
  };
}

/** The 3D Secure step: the emulator's authentication page, which sends the customer back to `returnUrl`. */
export function authenticationRedirect(ctx: RequestContext, intentId: string, returnUrl: string | null): NextAction {
  return {
    type: 'redirect_to_url',
    redirect_to_url: {
      return_url: returnUrl,
      url: `${ctx.em.baseUrl}/_emulator/3ds/${intentId}?return_url=${encodeURIComponent(returnUrl ?? '')}`,
    },
  };
}
