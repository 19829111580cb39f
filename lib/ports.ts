import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type Stripe from 'stripe';
import type { Group } from './auth/identity';
import type { TableNames } from './data/tables';

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
