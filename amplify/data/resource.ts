import { a, defineData } from '@aws-amplify/backend';
import { MODEL_NAMES, type ModelName } from '../../lib/data/tables';
import { adminModels } from './admin-models';
import { bookingModels } from './booking-models';
import { customerModels } from './customer-models';
import { enums } from './enums';
import { reviewModels } from './review-models';
import { notificationModels } from './notification-models';
import { promotionModels } from './promotion-models';

/**
 * The Amplify Data models behind the functions. Fields follow lib/data/records.ts; keys and secondary indexes
 * follow lib/data/tables.ts (partition key `id` everywhere) and __tests__/integration/amplify/synth.test.ts holds
 * the synthesized tables equal to that list.
 *
 * Writes go through the functions (they write the tables directly), so the GraphQL API only grants reads:
 * owners read their own profile, services and bookings; the ADMIN group reads everything; SlotHold, Transaction
 * and ProcessedEvent are ADMIN-only. `createdAt` is declared where an index sorts on it (Amplify still fills it).
 */
const schema = a.schema({
  ...enums,
  ...bookingModels,
  ...customerModels,
  ...adminModels,
  ...reviewModels,
  ...notificationModels,
  ...promotionModels,
});

/**
 * The Amplify Data model behind each table of lib/data/tables.ts: the same name, except where GraphQL reserves it
 * (`Subscription` is the name of GraphQL's subscription root type; Amplify refuses a model of that name). The
 * function still gets the table as SUBSCRIPTION_TABLE_NAME. Renaming the model in lib/data/tables.ts (and its
 * records' __typename) to `Membership` would remove this one exception.
 */
export const AMPLIFY_MODEL_OF: Record<ModelName, string> = Object.fromEntries(
  MODEL_NAMES.map((m) => [m, m === 'Subscription' ? 'Membership' : m]),
) as Record<ModelName, string>;

export const data = defineData({
  schema,
  authorizationModes: {
    defaultAuthorizationMode: 'userPool',
  },
});
