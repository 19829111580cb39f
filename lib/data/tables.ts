/**
 * The DynamoDB tables behind the Amplify Data models: keys and secondary indexes.
 * amplify/data/resource.ts declares the same models; a test synthesizes the backend and holds the two equal,
 * and the local stack creates its tables from this list, so local and production cannot drift.
 */
export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey?: string;
}

export interface TableDefinition {
  /** Amplify Data model name (the table is `<model>-<apiId>-<env>` in AWS). */
  model: ModelName;
  /** Environment variable a function reads the table name from. */
  envVar: string;
  partitionKey: 'id';
  indexes: IndexDefinition[];
}

export const MODEL_NAMES = ['UserProfile', 'Service', 'Booking', 'SlotHold', 'Transaction', 'ProcessedEvent'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];
export type TableNames = Record<ModelName, string>;

export const TABLES: Record<ModelName, TableDefinition> = {
  UserProfile: {
    model: 'UserProfile',
    envVar: 'USER_PROFILE_TABLE_NAME',
    partitionKey: 'id',
    indexes: [
      { name: 'byEmail', partitionKey: 'email' },
      { name: 'byStripeAccountId', partitionKey: 'stripeAccountId' },
    ],
  },
  Service: {
    model: 'Service',
    envVar: 'SERVICE_TABLE_NAME',
    partitionKey: 'id',
    indexes: [
      { name: 'byProvider', partitionKey: 'providerId', sortKey: 'createdAt' },
      // Public catalogue: listingStatus is 'LISTED' for bookable services, absent otherwise (sparse index).
      { name: 'byListingStatus', partitionKey: 'listingStatus', sortKey: 'createdAt' },
    ],
  },
  Booking: {
    model: 'Booking',
    envVar: 'BOOKING_TABLE_NAME',
    partitionKey: 'id',
    indexes: [
      { name: 'byCustomer', partitionKey: 'customerId', sortKey: 'startDateTime' },
      { name: 'byProvider', partitionKey: 'providerId', sortKey: 'startDateTime' },
      { name: 'byService', partitionKey: 'serviceId', sortKey: 'startDateTime' },
      { name: 'byPaymentIntent', partitionKey: 'paymentIntentId' },
    ],
  },
  SlotHold: {
    model: 'SlotHold',
    envVar: 'SLOT_HOLD_TABLE_NAME',
    partitionKey: 'id',
    indexes: [],
  },
  Transaction: {
    model: 'Transaction',
    envVar: 'TRANSACTION_TABLE_NAME',
    partitionKey: 'id',
    indexes: [{ name: 'byBooking', partitionKey: 'bookingId', sortKey: 'createdAt' }],
  },
  ProcessedEvent: {
    model: 'ProcessedEvent',
    envVar: 'PROCESSED_EVENT_TABLE_NAME',
    partitionKey: 'id',
    indexes: [],
  },
};

/** Table names from the environment (AWS: wired in backend.ts; local: set by the local runtime). */
export function tableNamesFromEnv(env: Record<string, string | undefined>): TableNames {
  const names = {} as TableNames;
  for (const name of MODEL_NAMES) {
    const value = env[TABLES[name].envVar];
    if (!value) throw new Error(`missing environment variable ${TABLES[name].envVar}`);
    names[name] = value;
  }
  return names;
}

export function localTableNames(suffix = 'local'): TableNames {
  const names = {} as TableNames;
  for (const name of MODEL_NAMES) names[name] = `${name}-${suffix}`;
  return names;
}
