import { resolve } from 'node:path';
import { installationSecrets } from '../installation-secrets';
import { startStripeEmulator } from './server';

/** `npm run stripe:emulator`: the emulator on STRIPE_EMULATOR_PORT (default 12111), state in .data/. */
async function main(): Promise<void> {
  const port = Number(process.env.STRIPE_EMULATOR_PORT ?? 12111);
  const emulator = await startStripeEmulator({
    port,
    statePath: resolve(process.cwd(), '.data/stripe-emulator.json'),
    // the same secret the app checks: the environment's, else this installation's (.data/local-secrets.json)
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET || installationSecrets().STRIPE_WEBHOOK_SECRET,
  });
  console.log(`Stripe emulator listening on ${emulator.url}`);
  console.log(`  state: .data/stripe-emulator.json; helpers: ${emulator.url}/_emulator/…`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Stripe emulator stopping (${signal})`);
    emulator.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
