/**
 * cognito-local, a maintained Cognito user-pool emulator (npm `cognito-local`): the user-pool API on a free port of
 * 127.0.0.1, its data in a fresh temporary directory (`.cognito/db/<poolId>.json`), tokens signed with its own key and
 * served at `<issuer>/.well-known/jwks.json`. The user pool is made like Amplify Auth's: email as the username (the
 * Cognito username is the user's `sub`), the email verified by a code, groups ADMIN and PROVIDER, and one app client
 * without a secret that allows only USER_PASSWORD_AUTH and refresh. It signs no email: the codes it would send are
 * read from its data (`latestCode`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GROUPS } from '../auth/identity';
import { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION } from './dynamo-clients';
import { freePort } from './ports';
import { isListening, spawnManaged } from './processes';

export interface CognitoLocal {
  /** The user-pool API (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER). */
  endpoint: string;
  userPoolId: string;
  clientId: string;
  /** The tokens' `iss` (COGNITO_ISSUER); the key set is at `${issuer}/.well-known/jwks.json`. */
  issuer: string;
  /** The environment the app's Cognito code reads to use this emulator. */
  env: Record<string, string>;
  /** A client for admin calls in tests and scripts (dummy credentials: the emulator checks none). */
  client: CognitoIdentityProviderClient;
  /** The last confirmation or password-reset code the pool made for this email (what Cognito would have mailed). */
  latestCode(email: string): string | undefined;
  stop(): Promise<void>;
}

interface StoredUser {
  Username: string;
  ConfirmationCode?: string;
  Attributes?: { Name: string; Value: string }[];
}

export async function startCognitoLocal(): Promise<CognitoLocal> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'bookwell-cognito-'));
  const endpoint = `http://127.0.0.1:${port}`;
  mkdirSync(path.join(dir, '.cognito'), { recursive: true });
  writeFileSync(
    path.join(dir, '.cognito', 'config.json'),
    JSON.stringify({ TokenConfig: { IssuerDomain: endpoint }, UserPoolDefaults: { UsernameAttributes: ['email'] } }),
  );
  const bin = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');
  const proc = spawnManaged('cognito-local', process.execPath, [bin], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
  });
  const stop = async () => {
    client.destroy();
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const client = new CognitoIdentityProviderClient({ endpoint, region: LOCAL_AWS_REGION, credentials: LOCAL_AWS_CREDENTIALS });
  try {
    const deadline = Date.now() + 30_000;
    while (!(await isListening('127.0.0.1', port))) {
      if (Date.now() > deadline) throw new Error(`cognito-local did not start: ${proc.output()}`);
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 150)), proc.unexpectedExit]);
    }
    const pool = await client.send(
      new CreateUserPoolCommand({
        PoolName: 'bookwell',
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        Policies: { PasswordPolicy: { MinimumLength: 8 } },
      }),
    );
    const userPoolId = pool.UserPool!.Id!;
    const app = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: 'bookwell-web',
        GenerateSecret: false,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    for (const group of GROUPS) await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
    const clientId = app.UserPoolClient!.ClientId!;
    const issuer = `${endpoint}/${userPoolId}`;
    return {
      endpoint,
      userPoolId,
      clientId,
      issuer,
      client,
      env: {
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoint,
        COGNITO_USER_POOL_ID: userPoolId,
        COGNITO_CLIENT_ID: clientId,
        COGNITO_ISSUER: issuer,
        // cognito-local's tokens carry no origin_jti: each ID token is its own session
        COGNITO_SESSION_CLAIM: 'jti',
      },
      latestCode(email) {
        const file = path.join(dir, '.cognito', 'db', `${userPoolId}.json`);
        const data = JSON.parse(readFileSync(file, 'utf8')) as { Users?: Record<string, StoredUser> };
        const user = Object.values(data.Users ?? {}).find((u) =>
          u.Attributes?.some((a) => a.Name === 'email' && a.Value.toLowerCase() === email.toLowerCase()),
        );
        return user?.ConfirmationCode;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
