/** The local-mode account routes' contract (Next.js routes under app/api/auth, not a function). */
import { z } from 'zod';

export const loginRequest = z.object({ email: z.email(), password: z.string().min(1).max(200) }).strict();
export const signupRequest = z
  .object({
    email: z.email({ error: 'Enter an email address like name@example.com' }).max(254),
    password: z
      .string({ error: 'Enter a password' })
      .min(8, 'The password must be at least 8 characters')
      .max(200, 'The password can be at most 200 characters'),
    displayName: z.string({ error: 'Enter your name' }).trim().min(1, 'Enter your name').max(80, 'Your name can be at most 80 characters'),
  })
  .strict();
export type SignupRequest = z.infer<typeof signupRequest>;
export interface SessionUser {
  userId: string;
  email: string;
  displayName: string;
  groups: ('ADMIN' | 'PROVIDER')[];
}

/** AWS mode's account steps (Cognito): the emailed code that confirms a sign-up, and the password reset. */
const emailField = z.email({ error: 'Enter an email address like name@example.com' }).max(254);
const codeField = z
  .string({ error: 'Enter the code from the email' })
  .trim()
  .regex(/^\d{4,10}$/, 'Enter the code from the email: digits only');
export const confirmSignupRequest = z.object({ email: emailField, code: codeField }).strict();
export const passwordResetRequest = z.object({ email: emailField }).strict();
export const passwordResetConfirmRequest = z
  .object({ email: emailField, code: codeField, password: signupRequest.shape.password })
  .strict();
export type ConfirmSignupRequest = z.infer<typeof confirmSignupRequest>;
export type PasswordResetConfirmRequest = z.infer<typeof passwordResetConfirmRequest>;
/** Sign-up's answer: local mode signs the new account in; Cognito first mails a code to confirm the email. */
export type SignupResponse = { user: SessionUser } | { confirmationRequired: true; email: string };
