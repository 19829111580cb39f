/**
 * `npm run bench` (not a test): one run on its own local stack (in-memory DynamoDB Local, the Stripe emulator, the
 * production build on `next start`, headless Chromium), printing ONE table, each row beside its floor and goal:
 * booking create → confirmed in process and through the HTTP route; a webhook burst; CHECK_AVAILABILITY on a busy
 * provider; pages' first-load JavaScript and LCP; CALCULATE_EARNINGS and the admin dashboard with volume around them;
 * the deployable bundles. `npm run bench -- --markdown` also rewrites the README's table (between the bench markers).
 * Sizes by env (see README "## Performance"); BENCH_SKIP=http,pages,bundles,volume leaves row families out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_USERS } from '../lib/local/seed';
import { bundleRows } from './bench-bundles';
import { ms, pct, say } from './bench-stats';
import { availabilityOfBusyProvider } from './bench/availability';
import { floorBookings, freeSlots, inProcessBookings } from './bench/bookings';
import { httpBookings } from './bench/http-bookings';
import { startApp, type RunningApp } from './bench/next-app';
import { measurePages, type PageSpec } from './bench/pages';
import { startBenchStack } from './bench/stack';
import {
  limitGoal,
  markdownBlock,
  ratioGoal,
  ratioText,
  renderPlain,
  replaceBenchBlock,
  type BenchRow,
  type MachineInfo,
} from './bench/table';
import { dashboardRows, earningsRows } from './bench/volume';
import { webhookBurst } from './bench/webhooks';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SIZES = {
  bookings: num('BENCH_BOOKINGS', 300),
  httpBookings: num('BENCH_HTTP_BOOKINGS', num('BENCH_BOOKINGS', 300)),
  webhookEvents: num('BENCH_WEBHOOK_EVENTS', 1000),
  webhookConcurrency: num('BENCH_WEBHOOK_CONCURRENCY', 16),
  providerBookings: num('BENCH_PROVIDER_BOOKINGS', 5000),
  availabilitySweeps: num('BENCH_AVAILABILITY_SWEEPS', 100),
  pageLoads: num('BENCH_PAGE_LOADS', 3),
  unrelated: num('BENCH_UNRELATED', 100_000),
  ledgerLines: num('BENCH_LEDGER_LINES', 1_000_000),
  fillBudgetMs: num('BENCH_FILL_BUDGET_MS', 150_000),
  samples: num('BENCH_SAMPLES', 30),
  loopBudgetMs: num('BENCH_LOOP_BUDGET_MS', 240_000),
};
const SKIP = new Set(
  (process.env.BENCH_SKIP ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const MARKDOWN = process.argv.includes('--markdown');
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const p50p99 = (t: number[]) => `${ms(pct(t, 50))} / ${ms(pct(t, 99))}`;

function bookingRows(label: string, app: number[], floor: number[], inProcess?: number[]): BenchRow[] {
  return ([50, 99] as const).map((p) => ({
    measure: `booking create → confirmed, ${label}, p${p} (${app.length} samples)`,
    app: ms(pct(app, p)),
    floor: ms(pct(floor, p)),
    ratio: ratioText(pct(app, p), pct(floor, p)) + (inProcess ? `; ${ratioText(pct(app, p), pct(inProcess, p), 'in-process')}` : ''),
    ...(p === 99 ? { goal: ratioGoal(pct(app, p), pct(floor, p), 1.3) } : {}),
  }));
}

async function main(): Promise<void> {
  const started = Date.now();
  const stack = await startBenchStack();
  const rows: BenchRow[] = [];
  let app: RunningApp | undefined;
  let failure: string | undefined;
  try {
    const wanted = SIZES.bookings + (SKIP.has('http') ? 0 : SIZES.httpBookings) + 1;
    const slots = await freeSlots(stack, wanted);
    if (slots.length < wanted) say(`only ${slots.length} free slots in the booking window (wanted ${wanted}): fewer samples`);
    const checkoutSlot = slots.pop();
    const own = slots.slice(0, Math.min(SIZES.bookings, slots.length));
    const inProcess = await inProcessBookings(stack, own, SIZES.loopBudgetMs);
    const floor = await floorBookings(stack, inProcess.latency.length);
    rows.push(...bookingRows('in process', inProcess.latency, floor));

    if (!SKIP.has('http') || !SKIP.has('pages')) app = await startApp(stack, ROOT);
    if (app && !SKIP.has('http')) {
      const http = await httpBookings(stack, app, slots.slice(own.length, own.length + SIZES.httpBookings), SIZES.loopBudgetMs);
      rows.push(...bookingRows(`HTTP route on next start (${http.users} customers)`, http.latency, floor, inProcess.latency));
    }

    const burst = await webhookBurst(stack, inProcess.paymentIntentIds, SIZES.webhookEvents, SIZES.webhookConcurrency);
    const outcomes = [...burst.outcomes].map(([k, v]) => `${v} ${k}`).join(', ');
    rows.push({
      measure: `webhook burst: ${burst.deliveries} signed deliveries, 30% duplicates, ${SIZES.webhookConcurrency} concurrent (${outcomes})`,
      app: `${(burst.appMs / 1000).toFixed(2)} s (${((burst.deliveries / burst.appMs) * 1000).toFixed(0)}/s)`,
      floor: `${(burst.floorMs / 1000).toFixed(2)} s (${((burst.deliveries / burst.floorMs) * 1000).toFixed(0)}/s)`,
      ratio: ratioText(burst.appMs, burst.floorMs),
      goal: ratioGoal(burst.appMs, burst.floorMs, 1.3),
    });

    if (app && !SKIP.has('pages')) {
      say(`pages in Chromium (${SIZES.pageLoads} loads each, fresh context)…`);
      const [customer, provider, admin] = DEMO_USERS;
      const pending = checkoutSlot
        ? ((await stack.call(stack.booking, 'CREATE_BOOKING', { ...checkoutSlot, groupSize: 1 })) as { bookingId: string }).bookingId
        : undefined;
      const customerToken = app.tokenFor(customer, []);
      const specs: PageSpec[] = [
        { name: 'home', path: '/' },
        { name: 'services', path: '/services' },
        { name: 'service detail', path: '/services/svc_demo_portrait' },
        ...(pending ? [{ name: 'checkout', path: `/bookings/${pending}/pay`, token: customerToken }] : []),
        ...(inProcess.bookingIds[0]
          ? [{ name: 'booking status', path: `/bookings/${inProcess.bookingIds[0]}`, token: customerToken }]
          : []),
        { name: 'provider earnings', path: '/provider/earnings', token: app.tokenFor(provider, ['PROVIDER']) },
        { name: 'admin dashboard', path: '/admin', token: app.tokenFor(admin, ['ADMIN']) },
      ];
      for (const page of await measurePages(app, specs, SIZES.pageLoads)) {
        const kb = page.jsBytes / 1000;
        const lcp = pct(page.lcp, 50);
        rows.push({
          measure: `page ${page.name} (${page.path.replace(/bk_[\w-]+/, ':id')}): first-load JS (gzip, ${page.scripts} scripts) · LCP p50 of ${page.lcp.length}`,
          app: `${kb.toFixed(1)} kB${page.laterJsBytes ? ` (+${(page.laterJsBytes / 1000).toFixed(1)} kB on demand)` : ''} · ${lcp.toFixed(0)} ms`,
          goal: {
            label: '≤ 150 kB and LCP ≤ 1000 ms',
            met: kb <= 150 && lcp <= 1000,
            measured: `${kb.toFixed(1)} kB, ${lcp.toFixed(0)} ms`,
          },
        });
      }
    }
    if (app) await app.next.stop();
    app = undefined;

    const avail = await availabilityOfBusyProvider(stack, SIZES.providerBookings, SIZES.availabilitySweeps, SIZES.fillBudgetMs);
    rows.push(
      {
        measure: `CHECK_AVAILABILITY, provider with ${avail.written.toLocaleString('en-US')} bookings (~${avail.inWindow} in the next 90 days), one 30-day request, p50 / p99`,
        app: p50p99(avail.perRequest),
        goal: limitGoal(pct(avail.perRequest, 99), 50, 'ms'),
      },
      { measure: 'CHECK_AVAILABILITY, the same, 90 days (three 30-day requests), p50 / p99', app: p50p99(avail.perQuarter) },
    );

    if (!SKIP.has('volume')) {
      // The dashboard first: the unrelated bookings are created now, inside its 14-day window.
      rows.push(...(await dashboardRows(stack, SIZES.ledgerLines, SIZES.fillBudgetMs, SIZES.samples)));
      rows.push(...(await earningsRows(stack, SIZES.unrelated, SIZES.fillBudgetMs, SIZES.samples)));
    }

    if (!SKIP.has('bundles')) {
      say('the deployable bundles: size, cold start, warm p50…');
      const bundles = await bundleRows({
        root: ROOT,
        tables: stack.tables,
        dynamoEndpoint: stack.dynamo.endpoint,
        stripeUrl: stack.emulator.url,
        secrets: { STRIPE_SECRET_KEY: stack.env.STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: stack.env.STRIPE_WEBHOOK_SECRET },
      });
      rows.push(...bundles.map(([measure, value, floor, ratio]) => ({ measure, app: value, floor, ratio })));
    }
  } catch (err) {
    // The rows measured so far are still printed (and written with --markdown), with the failure named.
    console.error(err);
    failure = err instanceof Error ? err.message.split('\n')[0] : String(err);
  } finally {
    if (app) await app.next.stop();
    await stack.close();
  }

  const machine: MachineInfo = {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'cpu',
    cpuCount: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
  };
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const settings = `DynamoDB Local (in memory) + the Stripe emulator; sizes ${Object.entries(SIZES).map(([k, v]) => `${k} ${v}`).join(', ')}; ${SKIP.size ? `skipped: ${[...SKIP].join(', ')}; ` : ''}${failure ? `STOPPED EARLY by an error (${failure}); ` : ''}${minutes} min`; // prettier-ignore
  console.log(
    `\n${machine.date} · ${machine.cpuCount} × ${machine.cpuModel} · ${machine.memoryGb} GB · Node ${machine.node} · ${settings}`,
  );
  console.log(renderPlain(rows));
  if (MARKDOWN) {
    const readmePath = path.join(ROOT, 'README.md');
    const { text, replaced } = replaceBenchBlock(readFileSync(readmePath, 'utf8'), markdownBlock(machine, settings, rows));
    if (replaced) writeFileSync(readmePath, text);
    say(replaced ? 'README.md: the Performance table is rewritten' : 'README.md has no "## Performance" section: not rewritten');
  }
  if (failure) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
