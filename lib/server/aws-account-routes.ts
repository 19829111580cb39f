/**
 * The account routes' AWS-mode handlers (the routes under app/api/auth pick them when NEXT_PUBLIC_MARKETPLACE_MODE is
 * aws): Cognito behind the same sign-in and sign-up limits as local mode. Emailed codes are checked under the sign-in
 * limits of their account, so a code cannot be guessed faster than a password; asking for a reset code counts like a
 * sign-up (both make the pool send an email).
 */
import { confirmSignupRequest, loginRequest, passwordResetConfirmRequest, passwordResetRequest, signupRequest } from '../http/auth';
import { AppError, jsonResponse } from '../http/errors';
import { limitSignIn, limitSignUp } from './auth-rate-limits';
import { awsAccounts, awsRefreshedSession, awsSignedInResponse, withCookies } from './aws-accounts';
import { toResponse } from './routes';

const ok = (status: 200 | 201, body: unknown) => toResponse(jsonResponse(status, body));

export async function awsLogin(req: Request, body: Record<string, unknown>): Promise<Response> {
  const { email, password } = loginRequest.parse(body);
  const tokens = await limitSignIn(req, email, () => awsAccounts().signIn(email, password));
  if (!tokens) return toResponse(jsonResponse(401, { error: 'Wrong email or password', code: 'UNAUTHENTICATED' }));
  return awsSignedInResponse(req, tokens);
}

export async function awsSignup(req: Request, body: Record<string, unknown>): Promise<Response> {
  const input = signupRequest.parse(body);
  await limitSignUp(req);
  await awsAccounts().signUp(input);
  return ok(201, { confirmationRequired: true, email: input.email });
}

/** A code check under the account's sign-in limits: a wrong code counts as a failed attempt. */
async function checkCode(req: Request, email: string, check: () => Promise<void>): Promise<void> {
  let refusal: unknown;
  const passed = await limitSignIn(req, email, async () => {
    try {
      await check();
      return true;
    } catch (err) {
      refusal = err;
      return undefined;
    }
  });
  if (!passed) throw refusal;
}

export async function awsConfirmSignup(req: Request, body: Record<string, unknown>): Promise<Response> {
  const { email, code } = confirmSignupRequest.parse(body);
  await checkCode(req, email, () => awsAccounts().confirmSignUp(email, code));
  return ok(200, { confirmed: true });
}

export async function awsRequestPasswordReset(req: Request, body: Record<string, unknown>): Promise<Response> {
  const { email } = passwordResetRequest.parse(body);
  await limitSignUp(req);
  await awsAccounts().forgotPassword(email);
  // the same answer whether or not an account has this email
  return ok(200, { codeSent: true });
}

export async function awsConfirmPasswordReset(req: Request, body: Record<string, unknown>): Promise<Response> {
  const input = passwordResetConfirmRequest.parse(body);
  await checkCode(req, input.email, () => awsAccounts().confirmForgotPassword(input));
  return ok(200, { passwordReset: true });
}

/** A new ID token from the sign-in's refresh token: it carries the groups the account has now. */
export async function awsRefresh(req: Request): Promise<Response> {
  const session = await awsRefreshedSession(req);
  if (!session) throw new AppError('UNAUTHENTICATED', 'Your session has expired. Please log in again.');
  return withCookies(ok(200, { user: session.user }), session.setCookies);
}
