/**
 * The user pool's account calls, made by the Next.js server in AWS mode (the browser never talks to Cognito): sign-up,
 * its email confirmation, sign-in with USER_PASSWORD_AUTH, refresh, password reset and revoking a refresh token. The
 * app client allows only USER_PASSWORD_AUTH and refresh (amplify/backend.ts): the password travels over TLS to this
 * server and on to Cognito, never through a browser SDK, and the tokens stay in http-only cookies.
 *
 * Configuration: the app client id and region from COGNITO_CLIENT_ID / AWS_REGION or amplify_outputs.json's auth
 * section; the endpoint is the SDK's own (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER for a Cognito-compatible one).
 * Cognito's failures become AppErrors whose words a person can act on.
 */
import {
  type CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AppError } from '../http/errors';
import { loadAmplifyOutputs, type Env } from './outputs';

export interface CognitoTokens {
  idToken: string;
  /** Absent on a refresh: Cognito keeps the refresh token it was given. */
  refreshToken?: string;
}

export interface CognitoAccounts {
  signUp(input: { email: string; password: string; displayName: string }): Promise<{ confirmed: boolean }>;
  confirmSignUp(email: string, code: string): Promise<void>;
  /** The tokens, or undefined for a wrong email or password (so the sign-in limits count it as a failure). */
  signIn(email: string, password: string): Promise<CognitoTokens | undefined>;
  refresh(refreshToken: string): Promise<CognitoTokens | undefined>;
  forgotPassword(email: string): Promise<void>;
  confirmForgotPassword(input: { email: string; code: string; password: string }): Promise<void>;
  revokeRefreshToken(refreshToken: string): Promise<void>;
}

type Sender = Pick<CognitoIdentityProviderClient, 'send'>;

/** Cognito's exception names → what the person is told. Anything else is a 503 with no internals. */
export function accountError(err: unknown): AppError {
  const name = err instanceof Error ? err.name : '';
  switch (name) {
    case 'UsernameExistsException':
      return new AppError('CONFLICT', 'An account with this email already exists. Log in instead.');
    case 'InvalidPasswordException':
      return new AppError('VALIDATION_FAILED', 'Choose a longer password that mixes letters, numbers and symbols.', {
        fields: { password: 'Choose a longer password that mixes letters, numbers and symbols.' },
      });
    case 'CodeMismatchException':
      return new AppError('VALIDATION_FAILED', 'That code is not right. Check the email we sent and try again.', {
        fields: { code: 'That code is not right. Check the email we sent and try again.' },
      });
    case 'ExpiredCodeException':
      return new AppError('VALIDATION_FAILED', 'That code has expired. Ask for a new one.', {
        fields: { code: 'That code has expired. Ask for a new one.' },
      });
    case 'UserNotConfirmedException':
      return new AppError('FORBIDDEN', 'Please confirm your email address first: enter the code we sent you.', {
        nextStep: 'CONFIRM_SIGN_UP',
      });
    case 'PasswordResetRequiredException':
      return new AppError('FORBIDDEN', 'Your password must be reset before you can log in.', { nextStep: 'RESET_PASSWORD' });
    case 'LimitExceededException':
    case 'TooManyRequestsException':
    case 'TooManyFailedAttemptsException':
      return new AppError('RATE_LIMITED', 'Too many attempts. Please wait a few minutes and try again.', { retryAfterSeconds: 300 });
    default:
      console.error(JSON.stringify({ level: 'error', msg: 'cognito', error: name || 'unknown' }));
      return new AppError('UNAVAILABLE', 'Accounts are not available right now. Please try again shortly.', { retryAfterSeconds: 30 });
  }
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw err instanceof AppError ? err : accountError(err);
  }
}

/** Wrong email, wrong password or no such user: one answer, so the form does not tell which accounts exist. */
const WRONG_CREDENTIALS = new Set(['NotAuthorizedException', 'UserNotFoundException', 'InvalidPasswordException']);

export function cognitoAccounts({ clientId, client }: { clientId: string; client: Sender }): CognitoAccounts {
  const tokensOf = (result: { IdToken?: string; RefreshToken?: string } | undefined): CognitoTokens => {
    if (!result?.IdToken) throw new AppError('FORBIDDEN', 'This account needs a sign-in step this site does not support.');
    return { idToken: result.IdToken, ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}) };
  };
  return {
    signUp: ({ email, password, displayName }) =>
      call(async () => {
        const out = await client.send(
          new SignUpCommand({
            ClientId: clientId,
            Username: email,
            Password: password,
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'name', Value: displayName },
            ],
          }),
        );
        return { confirmed: out.UserConfirmed === true };
      }),
    confirmSignUp: (email, code) =>
      call(async () => {
        await client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: code }));
      }),
    async signIn(email, password) {
      try {
        const out = await client.send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: email, PASSWORD: password },
          }),
        );
        return tokensOf(out.AuthenticationResult);
      } catch (err) {
        if (err instanceof Error && WRONG_CREDENTIALS.has(err.name)) return undefined;
        throw err instanceof AppError ? err : accountError(err);
      }
    },
    async refresh(refreshToken) {
      try {
        const out = await client.send(
          new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }),
        );
        return tokensOf(out.AuthenticationResult);
      } catch (err) {
        // a revoked, expired or foreign refresh token: the person signs in again
        if (err instanceof Error && err.name === 'NotAuthorizedException') return undefined;
        throw err instanceof AppError ? err : accountError(err);
      }
    },
    async forgotPassword(email) {
      try {
        await client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: email }));
      } catch (err) {
        // the same answer whether or not the account exists
        if (err instanceof Error && err.name === 'UserNotFoundException') return;
        throw accountError(err);
      }
    },
    confirmForgotPassword: ({ email, code, password }) =>
      call(async () => {
        await client.send(
          new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: email, ConfirmationCode: code, Password: password }),
        );
      }),
    async revokeRefreshToken(refreshToken) {
      try {
        await client.send(new RevokeTokenCommand({ ClientId: clientId, Token: refreshToken }));
      } catch {
        // already revoked or unknown: signing out goes on (the revocation list refuses the session's ID token anyway)
      }
    },
  };
}

export interface PoolSettings {
  userPoolId: string;
  clientId: string;
  region: string | undefined;
}

/** The user pool and app client: COGNITO_USER_POOL_ID / COGNITO_CLIENT_ID, else amplify_outputs.json's auth section. */
export function poolSettings(env: Env = process.env): PoolSettings {
  let auth: { user_pool_id: string; user_pool_client_id: string; aws_region: string } | undefined;
  const outputsAuth = () => (auth ??= loadAmplifyOutputs(env).auth);
  const userPoolId = env.COGNITO_USER_POOL_ID || outputsAuth()?.user_pool_id;
  const clientId = env.COGNITO_CLIENT_ID || outputsAuth()?.user_pool_client_id;
  if (!userPoolId || !clientId) throw new AppError('MISCONFIGURED', 'No user pool is configured (amplify_outputs.json auth section)');
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || (env.COGNITO_USER_POOL_ID ? undefined : outputsAuth()?.aws_region);
  return { userPoolId, clientId, region: region ?? userPoolId.split('_')[0] };
}
