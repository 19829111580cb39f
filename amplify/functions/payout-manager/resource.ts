import { defineFunction } from '@aws-amplify/backend';
import { appEnvironment } from '../shared/environment';

export const payoutManager = defineFunction({
  name: 'payout-manager',
  entry: './handler.ts',
  runtime: 20,
  timeoutSeconds: 300,
  memoryMB: 512,
  environment: appEnvironment,
  // Daily payout run (00:00 UTC) through EventBridge Scheduler; the handler also serves on-demand actions.
  schedule: 'every day',
  // Direct table grants + table-name env vars from the data stack: grouping with it avoids a circular
  // dependency between the data and function stacks.
  resourceGroupName: 'data',
});
