import { accountRoute } from '@/lib/server/auth-route';

export const runtime = 'nodejs';

/** AWS mode: confirms a sign-up with the code Cognito mailed (local accounts need no confirmation). */
export const POST = accountRoute({
  missing: 'Local accounts need no confirmation',
  aws: async (req, body) => (await import('@/lib/server/aws-account-routes')).awsConfirmSignup(req, body),
});
