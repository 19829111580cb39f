import { defineFunction } from '@aws-amplify/backend';
import { appEnvironment, notificationEnvironment } from '../shared/environment';
import { requestFunctionOptions } from '../shared/function-options';

export const bookingProcessor = defineFunction({
  name: 'booking-processor',
  ...requestFunctionOptions,
  environment: { ...appEnvironment, ...notificationEnvironment },
});
