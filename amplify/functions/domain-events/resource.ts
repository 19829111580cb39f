import { defineFunction } from '@aws-amplify/backend';

/**
 * The consumers of the domain events: triggered by the DomainEvent table's stream (the event source mapping, its
 * dead-letter queue and alarm are in backend.ts). No Stripe secret and no app settings: it only writes the consumers'
 * tables, whose names backend.ts adds.
 */
export const domainEvents = defineFunction({
  name: 'domain-events',
  entry: './handler.ts',
  runtime: 20,
  timeoutSeconds: 60,
  memoryMB: 256,
  // Table grants and the stream's event source mapping come from the data stack: grouping with it avoids a circular
  // dependency between the data and function stacks.
  resourceGroupName: 'data',
});
