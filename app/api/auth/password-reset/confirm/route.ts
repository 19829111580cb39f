import { accountRoute } from '@/lib/server/auth-route';

export const runtime = 'nodejs';

/** AWS mode: the mailed code and a new password; the person then logs in with it. */
export const POST = accountRoute({
  missing: 'Local accounts have no password reset',
  aws: async (req, body) => (await import('@/lib/server/aws-account-routes')).awsConfirmPasswordReset(req, body),
});
