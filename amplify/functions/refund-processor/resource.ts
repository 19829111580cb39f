import { defineFunction } from '@aws-amplify/backend';
import { appEnvironment } from '../shared/environment';

export const refundProcessor = defineFunction({
  name: 'refund-processor',
  entry: './handler.ts',
  runtime: 20,
  timeoutSeconds: 30,
  memoryMB: 512,
  environment: appEnvironment,
  // Direct table grants + table-name env vars from the data stack: grouping with it avoids a circular
  // dependency between the data and function stacks.
  resourceGroupName: 'data',
});
