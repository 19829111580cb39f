import { accountRoute } from '@/lib/server/auth-route';

export const runtime = 'nodejs';

/** AWS mode: Cognito mails a code to reset the password (the same answer whether or not the account exists). */
export const POST = accountRoute({
  missing: 'Local accounts have no password reset',
  aws: async (req, body) => (await import('@/lib/server/aws-account-routes')).awsRequestPasswordReset(req, body),
});
