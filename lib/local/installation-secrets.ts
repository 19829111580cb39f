/**
 * Local mode's secrets, made for this installation on first use and kept in `.data/local-secrets.json` (git-ignored,
 * readable by its owner only). Nothing secret has a value in the code: a copy of the repository cannot sign another
 * installation's sessions or webhooks. An environment variable of the same name wins (tests and CI set their own).
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface InstallationSecrets {
  LOCAL_SESSION_SECRET: string;
  STRIPE_WEBHOOK_SECRET: string;
}

const FILE = 'local-secrets.json';

function fresh(): InstallationSecrets {
  return {
    LOCAL_SESSION_SECRET: randomBytes(32).toString('base64url'),
    STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64url')}`,
  };
}

function valid(value: unknown): value is InstallationSecrets {
  const v = value as Partial<InstallationSecrets> | null;
  return typeof v?.LOCAL_SESSION_SECRET === 'string' && v.LOCAL_SESSION_SECRET.length >= 32 && typeof v.STRIPE_WEBHOOK_SECRET === 'string';
}

/**
 * Reads the installation's secrets, creating them the first time. Two processes starting together agree: the file
 * appears complete in one step (a hard link of a finished temporary file, which fails if it exists), and the loser
 * reads the winner's.
 */
export function installationSecrets(dataDir = path.resolve('.data')): InstallationSecrets {
  const file = path.join(dataDir, FILE);
  try {
    const stored: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (valid(stored)) return stored;
    throw new Error(`${file} is not a valid secrets file: delete it to make new secrets (everyone is signed out)`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, JSON.stringify(fresh(), null, 2), { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(temporary, { force: true });
  }
  return installationSecrets(dataDir);
}
