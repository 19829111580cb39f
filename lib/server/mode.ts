import { AppError } from '../http/errors';

/** The one switch between the two stacks (documented in .env.example). It fails closed: a value it does not know is an error. */
type MarketplaceMode = 'local' | 'aws';
type Env = Record<string, string | undefined>;

export function marketplaceMode(env: Env = process.env): MarketplaceMode {
  const raw = env.NEXT_PUBLIC_MARKETPLACE_MODE;
  if (raw === undefined || raw === '' || raw === 'local') return 'local';
  if (raw === 'aws') return 'aws';
  throw new AppError('MISCONFIGURED', `NEXT_PUBLIC_MARKETPLACE_MODE must be "local" or "aws"; this server has "${raw.slice(0, 20)}"`);
}

/**
 * Local sign-in (accounts in DynamoDB Local, sessions signed with the installation's secret) is for development and
 * tests. A production server (`next start`) refuses it unless a demo asks for it by name.
 */
export function assertLocalAuthAllowed(env: Env = process.env): void {
  if (env.NODE_ENV === 'production' && env.LOCAL_AUTH_IN_PRODUCTION !== 'demo') {
    throw new AppError(
      'MISCONFIGURED',
      'Local sign-in is off in production: deploy with NEXT_PUBLIC_MARKETPLACE_MODE=aws, or set LOCAL_AUTH_IN_PRODUCTION=demo for a demo',
    );
  }
}

/** The app's public URL (APP_URL; the local default otherwise): return URLs, and the origin same-origin checks accept. */
export function serverAppUrl(env: Env = process.env): string {
  return env.APP_URL || 'http://localhost:3000';
}
