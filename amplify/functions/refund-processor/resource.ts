import { defineFunction } from '@aws-amplify/backend';
import { requestFunctionOptions } from '../shared/function-options';

export const refundProcessor = defineFunction({ name: 'refund-processor', ...requestFunctionOptions });
