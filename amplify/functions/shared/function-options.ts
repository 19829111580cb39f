/**
 * The definition the five functions that serve requests share (domain-events, the stream's consumer, has its own).
 * Each resource.ts still calls defineFunction itself: Amplify resolves `entry` against the file that calls it.
 */
import { appEnvironment } from './environment';

export const requestFunctionOptions = {
  entry: './handler.ts',
  runtime: 24,
  timeoutSeconds: 30,
  memoryMB: 512,
  environment: appEnvironment,
  // Direct table grants + table-name env vars from the data stack: grouping with it avoids a circular
  // dependency between the data and function stacks.
  resourceGroupName: 'data',
} as const;
