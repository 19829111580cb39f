/**
 * Puts an account into a group of the user pool by its email (the first admin: `npm run admin:grant -- <email>`).
 * The pool's usernames are the users' `sub`; the email is an alias Cognito resolves, so the user is looked up first
 * and the group is added to the username it reports. Adding a member again succeeds, so a rerun is harmless.
 */
import {
  AdminAddUserToGroupCommand,
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Group } from '../auth/identity';

export async function grantGroup(
  client: Pick<CognitoIdentityProviderClient, 'send'>,
  input: { userPoolId: string; email: string; group: Group },
): Promise<{ username: string }> {
  const user = await client.send(new AdminGetUserCommand({ UserPoolId: input.userPoolId, Username: input.email }));
  const username = user.Username ?? input.email;
  await client.send(new AdminAddUserToGroupCommand({ UserPoolId: input.userPoolId, Username: username, GroupName: input.group }));
  return { username };
}
