/**
 * The export store at home: files in a folder (`.data/exports/`, git-ignored), downloaded through the app's route
 * `/api/exports/<id>?expires=<epoch s>&signature=<hex>`, where the signature is HMAC-SHA256 over the id and the
 * expiry with the installation's export-link secret. The route serves a file only for a valid, unexpired signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExportStore } from '../ports';

const KEY = /^exports\/(exp_[A-Za-z0-9]+)\.csv$/;
const ID = /^exp_[A-Za-z0-9]+$/;

export const exportsFolder = (dataDir = path.resolve('.data')) => path.join(dataDir, 'exports');

function linkSignature(secret: string, exportId: string, expires: number): string {
  return createHmac('sha256', secret).update(`export-link\n${exportId}\n${expires}`).digest('hex');
}

/** The query of a download link for an export, valid until `expires` (epoch seconds). */
export function signExportLink(secret: string, exportId: string, expires: number): string {
  return `expires=${expires}&signature=${linkSignature(secret, exportId, expires)}`;
}

export type LinkCheck = 'valid' | 'expired' | 'invalid';

/** Whether a link's expiry and signature are the ones this installation made for this export, and still good. */
export function checkExportLink(secret: string, exportId: string, expires: string | null, signature: string | null, nowMs: number): LinkCheck {
  if (!ID.test(exportId) || !expires || !/^\d{1,12}$/.test(expires) || !signature || !/^[0-9a-f]{64}$/.test(signature)) return 'invalid';
  const expected = Buffer.from(linkSignature(secret, exportId, Number(expires)), 'hex');
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
      // written whole, then renamed: a download never reads half a file
      const temporary = path.join(folder, `${id}.csv.${process.pid}.tmp`);
      await writeFile(temporary, body, 'utf8');
      await rename(temporary, path.join(folder, `${id}.csv`));
    },
    async link(key, ttlSeconds) {
      const id = KEY.exec(key)?.[1];
      if (!id) throw new Error(`not an export key: ${key}`);
      return `/api/exports/${id}?${signExportLink(options.secret, id, Math.floor(now() / 1000) + ttlSeconds)}`;
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
