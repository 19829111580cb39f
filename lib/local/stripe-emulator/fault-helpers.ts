/**
 * The fault knobs as test helpers: a standing failure rate on every API call (`/_emulator/faults/rate`) and webhook
 * delivery faults (`/_emulator/webhooks/faults`). Both answer their settings and what they injected so far.
 */
import type { Reply } from './context';
import { invalidRequest } from './errors';
import type { HelperContext } from './helpers';

const json = (body: object): Reply => ({ body });

const rateView = (h: HelperContext) => json({ rate: h.faults.rate, stats: h.faults.stats });
const webhookView = (h: HelperContext) => json({ faults: h.em.queue.deliveryFaults, stats: h.em.queue.faultStats });

function ratio(h: HelperContext, key: string): number {
  const v = h.params.str(key);
  const n = v === undefined ? 0 : Number(v);
  if (!(n >= 0 && n <= 1)) throw invalidRequest(`${key} must be between 0 and 1`, { param: key });
  return n;
}

export const faultRoutes: { method: 'GET' | 'POST' | 'DELETE'; path: string; handler: (h: HelperContext) => Reply }[] = [
  { method: 'GET', path: '/_emulator/faults/rate', handler: rateView },
  {
    method: 'POST',
    path: '/_emulator/faults/rate',
    handler: (h) => {
      h.faults.setRateFrom(h.params);
      return rateView(h);
    },
  },
  {
    method: 'DELETE',
    path: '/_emulator/faults/rate',
    handler: (h) => {
      h.faults.setRate({ rate: 0 });
      return rateView(h);
    },
  },
  { method: 'GET', path: '/_emulator/webhooks/faults', handler: webhookView },
  {
    method: 'POST',
    path: '/_emulator/webhooks/faults',
    handler: (h) => {
      const maxDelayMs = h.params.int('max_delay_ms') ?? 0;
      if (maxDelayMs < 0) throw invalidRequest('max_delay_ms must be >= 0', { param: 'max_delay_ms' });
      h.em.queue.setFaults({
        duplicateRate: ratio(h, 'duplicate_rate'),
        shuffleRate: ratio(h, 'shuffle_rate'),
        maxDelayMs,
        seed: h.params.int('seed') ?? 1,
      });
      return webhookView(h);
    },
  },
  {
    method: 'DELETE',
    path: '/_emulator/webhooks/faults',
    handler: (h) => {
      h.em.queue.setFaults(null);
      return webhookView(h);
    },
  },
];
