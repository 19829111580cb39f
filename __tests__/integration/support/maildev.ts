/** The run's MailDev inbox through its REST API (MailDev 3: GET /api/email, /api/email/:id/attachment/:file). */
import { inject } from 'vitest';

export interface CaughtEmail {
  id: string;
  subject: string;
  to: { address: string }[];
  text?: string;
  html?: string;
  headers: Record<string, string | string[]>;
  attachments?: { filename: string; generatedFileName: string; contentType: string }[];
}

const inbox = () => inject('maildevUrl');

const header = (email: CaughtEmail, name: string) => {
  const value = email.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

/** The Message-ID our transports give a message: its outbox key, dots for the characters a Message-ID refuses. */
export const messageIdOf = (key: string) => `<${key.replace(/[^A-Za-z0-9._-]/g, '.')}@bookwell.local>`;

/** Every caught email whose Message-ID is the outbox key's (one message = one key: more than one is a duplicate). */
export async function emailsWithKey(key: string): Promise<CaughtEmail[]> {
  const all = (await (await fetch(`${inbox()}/api/email`)).json()) as CaughtEmail[];
  return all.filter((e) => header(e, 'message-id') === messageIdOf(key));
}

/** Waits until the key's email arrived (sends run just after the consumer's commit), then returns all with the key. */
export async function waitForEmails(key: string, timeoutMs = 10_000): Promise<CaughtEmail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await emailsWithKey(key);
    if (found.length > 0 || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function attachmentText(email: CaughtEmail, filename: string): Promise<string> {
  const attachment = email.attachments?.find((a) => a.filename === filename);
  if (!attachment) throw new Error(`no attachment ${filename} on ${email.id}`);
  const res = await fetch(`${inbox()}/api/email/${email.id}/attachment/${encodeURIComponent(attachment.generatedFileName)}`);
  if (!res.ok) throw new Error(`attachment ${filename}: ${res.status}`);
  return res.text();
}

/**
 * A header as sent, from the raw message (MailDev's parser folds the List-* headers into one structured `list` entry,
 * so the parsed headers no longer show them as written).
 */
export async function rawHeader(email: CaughtEmail, name: string): Promise<string | undefined> {
  const source = await (await fetch(`${inbox()}/api/email/${email.id}/source`)).text();
  const head = source.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

export { header as emailHeader };
