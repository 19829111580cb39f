import {
  AdminAddUserToGroupCommand,
  AdminDeleteUserCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Directory } from '../ports';

interface CognitoDirectoryOptions {
  userPoolId: string;
  /** Injected in tests; one client per execution environment otherwise. */
  client?: Pick<CognitoIdentityProviderClient, 'send'>;
}

/**
 * The Directory port on Amplify Auth: group membership through AdminAddUserToGroup, sign-out everywhere through
 * AdminUserGlobalSignOut and account deletion through AdminDeleteUser (the function's role needs these actions on the user pool). Amplify Auth's username is the user's `sub` for
 * email sign-in pools, which is the userId the verified ID token carries.
 */
export function cognitoDirectory({ userPoolId, client = new CognitoIdentityProviderClient({}) }: CognitoDirectoryOptions): Directory {
  return {
    async addToGroup(userId, _email, group) {
      // Adding a user who already is a member succeeds, so retries are safe.
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: userId, GroupName: group }));
    },
    async signOutEverywhere(userId) {
      // Invalidates the user's refresh tokens; ID tokens already issued are refused by the revocation list.
      await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: userId }));
    },
    async deleteUser(userId) {
      try {
        await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: userId }));
      } catch (err) {
        // A retried deletion finds the user gone: that is the outcome it wants.
        if ((err as { name?: string }).name !== 'UserNotFoundException') throw err;
      }
    },
  };
}
