/**
 * MailDev, the local mail catcher: an SMTP server the local Mailer sends to and a web inbox (REST API under /api,
 * e.g. GET /api/email). Bound to 127.0.0.1 only, with a fresh mail directory per start (MailDev reloads what it
 * finds in it). Started by `npm run dev` (ports 1025 and 1080 unless MAILDEV_SMTP_PORT / MAILDEV_WEB_PORT say
 * otherwise) and by the test stacks on free ports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailDev } from 'maildev';
import { freePort } from './ports';

export interface RunningMailDev {
  smtpPort: number;
  /** The web inbox and its REST API (`${webUrl}/api/email`). */
  webUrl: string;
  stop(): Promise<void>;
}

export async function startMailDev(options: { smtpPort?: number; webPort?: number } = {}): Promise<RunningMailDev> {
  const smtpPort = options.smtpPort ?? (await freePort());
  const webPort = options.webPort ?? (await freePort());
  const mailDirectory = mkdtempSync(join(tmpdir(), 'bookwell-maildev-'));
  const maildev = new MailDev({ smtp: smtpPort, web: webPort, ip: '127.0.0.1', webIp: '127.0.0.1', silent: true, mailDirectory });
  // Its API server prints a "running at" line whatever `silent` says; it would break the progress lines (the URL is
  // printed with the others instead).
  const info = console.info;
  console.info = () => undefined;
  try {
    await maildev.start();
  } finally {
    console.info = info;
  }
  return {
    smtpPort,
    webUrl: `http://127.0.0.1:${webPort}`,
    async stop() {
      await maildev.stop();
      rmSync(mailDirectory, { recursive: true, force: true });
    },
  };
}
