import net from 'node:net';
import { isListening, LocalStackError } from './processes';

/**
 * Default ports of the local stack (`npm run dev`). Each can be overridden by an environment variable:
 *
 * | process            | default | override               |
 * |--------------------|---------|------------------------|
 * | Next.js app        | 3000    | `PORT`                 |
 * | Stripe emulator    | 12111   | `STRIPE_EMULATOR_PORT` |
 * | DynamoDB Local     | 8042    | `DYNAMODB_PORT`        |
 * | MailDev SMTP       | 1025    | `SMTP_PORT`            |
 * | MailDev web inbox  | 1080    | `MAILDEV_WEB_PORT`     |
 *
 * Tests never use these: every test run picks free ports (`freePort()`), so a running `npm run dev`
 * and `npm test` do not collide.
 */
const DEFAULT_PORTS = {
  next: 3000,
  stripeEmulator: 12111,
  dynamoDb: 8042,
  mailSmtp: 1025,
  mailWeb: 1080,
} as const;

export const PORT_ENV_VARS = {
  next: 'PORT',
  stripeEmulator: 'STRIPE_EMULATOR_PORT',
  dynamoDb: 'DYNAMODB_PORT',
  mailSmtp: 'SMTP_PORT',
  mailWeb: 'MAILDEV_WEB_PORT',
} as const;

type LocalService = keyof typeof DEFAULT_PORTS;

/** The port of a local service: its environment override if set (validated), else the default. */
export function configuredPort(service: LocalService, env: Record<string, string | undefined> = process.env): number {
  const name = PORT_ENV_VARS[service];
  const raw = env[name];
  if (raw === undefined || raw === '') return DEFAULT_PORTS[service];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LocalStackError(`${name}=${raw} is not a valid port (1-65535)`);
  }
  return port;
}

/** A port that is free right now on 127.0.0.1, chosen by the OS. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not determine a free port'))));
    });
  });
}

/**
 * True when nothing listens on `port`, neither on all interfaces nor on 127.0.0.1 / ::1.
 * (A server bound to 127.0.0.1 only does not stop a bind on 0.0.0.0 on Linux, so probe by connecting too.)
 */
async function isPortFree(port: number): Promise<boolean> {
  const canListen = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
  if (!canListen) return false;
  for (const host of ['127.0.0.1', '::1']) {
    if (await isListening(host, port)) return false;
  }
  return true;
}

/** Throws one clear line when `port` is taken. `what` names the process that wanted it. */
export async function assertPortFree(port: number, what: string, envVar?: string): Promise<void> {
  if (await isPortFree(port)) return;
  const hint = envVar ? ` (set ${envVar} to use another port)` : '';
  throw new PortInUseError(`port ${port} is already in use, cannot start ${what}${hint}`);
}

export class PortInUseError extends LocalStackError {
  override name = 'PortInUseError';
}
