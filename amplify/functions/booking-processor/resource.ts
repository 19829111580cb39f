import { defineFunction } from '@aws-amplify/backend';
import { requestFunctionOptions } from '../shared/function-options';

export const bookingProcessor = defineFunction({ name: 'booking-processor', ...requestFunctionOptions });
