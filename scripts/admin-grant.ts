/**
 * `npm run admin:grant -- <email>`: makes an existing account an admin (Cognito AdminAddUserToGroup, group ADMIN) on
 * the user pool of amplify_outputs.json (or COGNITO_USER_POOL_ID), with your AWS credentials (the SDK's default chain:
 * AWS_PROFILE, SSO, …; they need cognito-idp:AdminGetUser and AdminAddUserToGroup on the pool). The person signs up
 * first; the group is in their token from their next sign-in (or the next refresh of their session).
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { grantGroup } from '../lib/aws/admin-grant';
import { poolSettings } from '../lib/aws/cognito-accounts';

async function main(): Promise<void> {
  const email = process.argv[2]?.trim();
  if (!email || !email.includes('@')) {
    console.error('usage: npm run admin:grant -- <email>');
    process.exit(2);
  }
  const pool = poolSettings();
  const client = new CognitoIdentityProviderClient(pool.region ? { region: pool.region } : {});
  const { username } = await grantGroup(client, { userPoolId: pool.userPoolId, email, group: 'ADMIN' });
  console.log(`${email} (user ${username}) is in the ADMIN group of ${pool.userPoolId}; it takes effect at their next sign-in.`);
}

main().catch((err: unknown) => {
  const name = err instanceof Error ? err.name : '';
  if (name === 'UserNotFoundException') console.error('admin:grant: no account has this email: sign up first, then run this again.');
  else console.error(`admin:grant failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
