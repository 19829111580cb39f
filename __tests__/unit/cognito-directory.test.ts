import { AdminAddUserToGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { cognitoDirectory } from '../../lib/auth/cognito-directory';

describe('cognitoDirectory', () => {
  it('adds the user (by the token\u2019s sub) to the group with AdminAddUserToGroup', async () => {
    const sent: unknown[] = [];
    const client = { send: async (command: unknown) => void sent.push(command) } as never;
    await cognitoDirectory({ userPoolId: 'us-east-1_pool', client }).addToGroup('sub-123', 'p@example.com', 'PROVIDER');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(AdminAddUserToGroupCommand);
    expect((sent[0] as AdminAddUserToGroupCommand).input).toEqual({
      UserPoolId: 'us-east-1_pool',
      Username: 'sub-123',
      GroupName: 'PROVIDER',
    });
  });
});
