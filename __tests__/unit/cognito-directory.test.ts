import { AdminAddUserToGroupCommand, AdminDeleteUserCommand } from '@aws-sdk/client-cognito-identity-provider';
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

  it('deletes the user with AdminDeleteUser; a user already gone is success, any other failure is not', async () => {
    const sent: unknown[] = [];
    const failing = (name: string) =>
      ({
        send: async (command: unknown) => {
          sent.push(command);
          throw Object.assign(new Error(name), { name });
        },
      }) as never;
    const ok = { send: async (command: unknown) => void sent.push(command) } as never;
    await cognitoDirectory({ userPoolId: 'us-east-1_pool', client: ok }).deleteUser('sub-123', 'c@example.com');
    expect(sent[0]).toBeInstanceOf(AdminDeleteUserCommand);
    expect((sent[0] as AdminDeleteUserCommand).input).toEqual({ UserPoolId: 'us-east-1_pool', Username: 'sub-123' });
    await expect(
      cognitoDirectory({ userPoolId: 'us-east-1_pool', client: failing('UserNotFoundException') }).deleteUser('sub-123', 'c@example.com'),
    ).resolves.toBeUndefined();
    await expect(
      cognitoDirectory({ userPoolId: 'us-east-1_pool', client: failing('TooManyRequestsException') }).deleteUser(
        'sub-123',
        'c@example.com',
      ),
    ).rejects.toThrow('TooManyRequestsException');
  });
});
