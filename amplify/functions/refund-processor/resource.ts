import { defineFunction } from '@aws-amplify/backend';
import { appEnvironment, notificationEnvironment } from '../shared/environment';
import { requestFunctionOptions } from '../shared/function-options';

export const refundProcessor = defineFunction({
  name: 'refund-processor',
  ...requestFunctionOptions,
  environment: { ...appEnvironment, ...notificationEnvironment },
});
