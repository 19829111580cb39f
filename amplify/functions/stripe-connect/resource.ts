import { defineFunction } from '@aws-amplify/backend';
import { requestFunctionOptions } from '../shared/function-options';

export const stripeConnect = defineFunction({ name: 'stripe-connect', ...requestFunctionOptions });
