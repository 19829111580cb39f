import { defineFunction } from '@aws-amplify/backend';
import { appEnvironment, notificationEnvironment } from '../shared/environment';
import { requestFunctionOptions } from '../shared/function-options';

export const payoutManager = defineFunction({
  name: 'payout-manager',
  ...requestFunctionOptions,
  // sends the reminders and retries failed emails (its scheduled notifications step)
  environment: { ...appEnvironment, ...notificationEnvironment },
  timeoutSeconds: 300,
  // Daily payout run (00:00 UTC) through EventBridge Scheduler; the handler also serves on-demand actions.
  schedule: 'every day',
});
