/**
 * The export store at home: files in a folder (`.data/exports/`, git-ignored), downloaded through the app's route
 * `/api/exports/<id>?name=<file name>&expires=<epoch s>&signature=<hex>`, where the signature is HMAC-SHA256 over the
 * id, the expiry and the name with the installation's export-link secret. The route serves a file only for a valid,
 * unexpired signature, and reads nothing but the file.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExportStore } from '../ports';

const KEY = /^exports\/(exp_[A-Za-z0-9]+)\.csv$/;
const ID = /^exp_[A-Za-z0-9]+$/;

export const exportsFolder = (dataDir = path.resolve('.data')) => path.join(dataDir, 'exports');

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

function linkSignature(secret: string, exportId: string, expires: number, name: string): string {
  return createHmac('sha256', secret).update(`export-link\n${exportId}\n${expires}\n${name}`).digest('hex');
}

/** The query of a download link for an export saved as `name`, valid until `expires` (epoch seconds). */
export function signExportLink(secret: string, exportId: string, expires: number, name: string): string {
  return new URLSearchParams({ name, expires: String(expires), signature: linkSignature(secret, exportId, expires, name) }).toString();
}

export type LinkCheck = 'valid' | 'expired' | 'invalid';
export interface LinkQuery {
  name: string | null;
  expires: string | null;
  signature: string | null;
}

/** Whether a link's name, expiry and signature are the ones this installation made for this export, and still good. */
export function checkExportLink(secret: string, exportId: string, q: LinkQuery, nowMs: number): LinkCheck {
  const { name, expires, signature } = q;
  if (!ID.test(exportId) || !name || !NAME.test(name) || !expires || !/^\d{1,12}$/.test(expires)) return 'invalid';
  if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return 'invalid';
  const expected = Buffer.from(linkSignature(secret, exportId, Number(expires), name), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return 'invalid';
  return Number(expires) * 1000 <= nowMs ? 'expired' : 'valid';
}

export function localExportStore(options: { secret: string; folder?: string; now?: () => number }): ExportStore {
  const folder = options.folder ?? exportsFolder();
  const now = options.now ?? Date.now;
  return {
    async put(key, body) {
      const id = KEY.exec(key)?.[1];
      if (!id) throw new Error(`not an export key: ${key}`);
      await mkdir(folder, { recursive: true });
      // written whole, then renamed: a download never reads half a file, and two deliveries never share a temporary file
      const temporary = path.join(folder, `${id}.csv.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
      await writeFile(temporary, body, 'utf8');
      await rename(temporary, path.join(folder, `${id}.csv`));
    },
    async link(key, ttlSeconds, fileName) {
      const id = KEY.exec(key)?.[1];
      if (!id || !NAME.test(fileName)) throw new Error(`not an export key and file name: ${key} ${fileName}`);
      return `/api/exports/${id}?${signExportLink(options.secret, id, Math.floor(now() / 1000) + ttlSeconds, fileName)}`;
    },
  };
}

/** An export's file, or undefined when there is none (never written, or a made-up id). */
export async function readExportFile(exportId: string, folder = exportsFolder()): Promise<string | undefined> {
  if (!ID.test(exportId)) return undefined;
  try {
    return await readFile(path.join(folder, `${exportId}.csv`), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * What a download link gets: the file and the name to save it as, or why not ('expired', 'invalid': tampered, made up,
 * another export's; 'missing': the file is gone).
 */
export async function exportDownloadFor(
  secret: string,
  exportId: string,
  q: LinkQuery,
  nowMs: number,
  folder = exportsFolder(),
): Promise<{ outcome: 'expired' | 'invalid' | 'missing' } | { outcome: 'valid'; body: string; fileName: string }> {
  const check = checkExportLink(secret, exportId, q, nowMs);
  if (check !== 'valid') return { outcome: check };
  const body = await readExportFile(exportId, folder);
  return body === undefined ? { outcome: 'missing' } : { outcome: 'valid', body, fileName: q.name! };
}
