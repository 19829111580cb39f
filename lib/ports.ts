import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type Stripe from 'stripe';
import type { Group } from './auth/identity';
import type { TableNames } from './data/tables';
import type { ActionLimit } from './domain/rate-limits';

export interface Clock {
  now(): Date;
}
export interface IdSource {
  /** A new unique id, e.g. `bk_…` for a booking. */
  newId(prefix: string): string;
}

/** Everything a use case may touch; composition roots build it, lib/services never picks an endpoint. */
export interface Deps {
  db: DynamoDBDocumentClient;
  tables: TableNames;
  stripe: Stripe;
  clock: Clock;
  ids: IdSource;
  config: AppConfig;
  /**
   * Group membership (JOIN_PROVIDERS). Optional only until the AWS composition root wires
   * lib/auth/cognito-directory.ts; an action that needs it fails loudly without it.
   */
  directory?: Directory;
  /** Outgoing email (the notifier, lib/services/notifier.ts); absent: messages stay queued in the Notification outbox. */
  mailer?: Mailer;
  /** How messages are addressed and signed; required with `mailer`. */
  notifications?: NotificationSettings;
  /** Where CSV exports are written and how they are downloaded; absent: exports fail with a clear reason. */
  exports?: ExportStore;
}

/**
 * The files of admins' CSV exports (S3 through Amplify Storage in AWS: lib/aws/s3-export-store.ts; a folder served by
 * a signed route at home: lib/local/export-store.ts). Keys are `exports/<export id>.csv`.
 */
export interface ExportStore {
  /** Writes (or rewrites: a repeated job writes the same bytes) the file under `key`. */
  put(key: string, body: string, meta: { contentType: string; fileName: string }): Promise<void>;
  /** A link the browser downloads the file from, valid for `ttlSeconds`. */
  link(key: string, ttlSeconds: number, fileName: string): Promise<string>;
}

/** One email as the notifier hands it to a transport: already rendered. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The outbox row's idempotency key: the Message-ID's local part, so a repeated send is recognisable. */
  idempotencyKey: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; contentType: string; content: string }[];
}

/**
 * Sends one email (SMTP into MailDev locally: lib/local/smtp-mailer.ts; SES v2 in AWS: lib/aws/ses-mailer.ts).
 * Throws MailRejected for an answer that retrying cannot change (a rejected or suppressed address).
 */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** A send the transport refused for good: the outbox row goes straight to FAILED instead of retrying. */
export class MailRejected extends Error {
  override name = 'MailRejected';
}

export interface NotificationSettings {
  /** Base URL of the web app for links in messages. */
  appUrl: string;
  /** The From address (SES: a verified identity). */
  from: string;
  /** Signs unsubscribe links (HMAC of user and kind). */
  unsubscribeSecret: string;
  /** Hours before a booking's start that its reminder goes out (default 24). */
  reminderHours: number;
  /** Who hears about disputes opening and closing. */
  adminEmail?: string;
}

/**
 * The user directory behind sign-in (Cognito in AWS: lib/auth/cognito-directory.ts; local accounts at home:
 * lib/local/accounts.ts). Group changes reach the caller's token only after a session refresh.
 */
export interface Directory {
  /** Idempotent: adding a member twice is fine. */
  addToGroup(userId: string, email: string, group: Group): Promise<void>;
  /** Ends the user's sign-ins where the directory keeps them (Cognito: refresh tokens); idempotent. */
  signOutEverywhere(userId: string): Promise<void>;
  /** Deletes the user's sign-in (account deletion); idempotent: a user already gone is fine. */
  deleteUser(userId: string, email: string): Promise<void>;
}

/**
 * Rate limits whose counters every instance shares (lib/services/rate-limits.ts, on the rate-limit DynamoDB table).
 * Over a limit, each method throws AppError RATE_LIMITED (details.retryAfterSeconds). When the store fails, a
 * policy whose onStoreFailure is 'allow' lets the request through and logs one line; 'refuse' throws UNAVAILABLE.
 */
export interface RateLimits {
  /** One request of an action marked `limit` (dispatch, after the caller is verified), counted per verified caller. */
  consumeAction(policy: ActionLimit, callerId: string): Promise<void>;
  /**
   * One sign-in attempt, counted before the password is checked, against the client IP and the account: refused
   * while either is over. The ticket goes to signInFailed or signInSucceeded once the password is checked.
   */
  beginSignIn(attempt: SignInAttempt): Promise<SignInTicket>;
  /** The password was wrong: throws RATE_LIMITED when this attempt reached a limit (its block starts now). */
  signInFailed(ticket: SignInTicket): Promise<void>;
  /** The password was right: the account's count and its backoff start over, the IP gets its point back. */
  signInSucceeded(ticket: SignInTicket): Promise<void>;
  /** One sign-up from this client IP. */
  consumeSignUp(ip: string): Promise<void>;
}

export interface SignInAttempt {
  /** The client IP, or the fixed key used when it is not known (lib/server/client-ip.ts). */
  ip: string;
  /** As typed; trimmed and lower-cased before it is counted. */
  email: string;
}

/** What an attempt's count reached on each limit (how many in the window, and how long until the window ends). */
export interface SignInTicket {
  readonly attempt: SignInAttempt;
  readonly counts: { readonly [limit in 'ip' | 'account']: { readonly consumed: number; readonly msBeforeNext: number } };
}

export interface AppConfig {
  /** Base URL of the web app, for return URLs and links. */
  appUrl: string;
  /** How long an unpaid booking holds its slot. */
  holdMinutes: number;
}

export const systemClock: Clock = { now: () => new Date() };

export const randomIds: IdSource = {
  newId: (prefix) => `${prefix}_${crypto.randomUUID().replace(/-/g, '')}`,
};
