import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type Stripe from 'stripe';
import type { TableNames } from '../data/tables';

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
