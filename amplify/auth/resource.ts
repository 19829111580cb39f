import { defineAuth } from '@aws-amplify/backend';

/**
 * Cognito user pool: email sign-in, two groups.
 * The functions read `cognito:groups` from the verified ID token (see functions/shared/aws-runtime.ts).
 */
export const auth = defineAuth({
  loginWith: { email: true },
  groups: ['ADMIN', 'PROVIDER'],
});
