/**
 * What the global setups hand to tests through vitest's `provide`/`inject`:
 *
 *   import { inject } from 'vitest';
 *   const endpoint = inject('dynamodbEndpoint');
 *
 * integration (__tests__/setup/integration.ts): dynamodbEndpoint, tableSuffix, maildevUrl.
 * e2e (__tests__/setup/e2e.ts): all of them.
 * The same values are also in process.env (DYNAMODB_ENDPOINT, TABLE_SUFFIX, APP_URL, STRIPE_API_BASE, …).
 */
export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local of this run, e.g. http://127.0.0.1:41234 (in memory, tables created). */
    dynamodbEndpoint: string;
    /** Suffix of the tables the setup created: `localTableNames(tableSuffix)`. */
    tableSuffix: string;
    /** e2e: the Next.js app (`next start`), e.g. http://127.0.0.1:41235 */
    baseURL: string;
    /** e2e: the in-memory Stripe emulator the app talks to. */
    stripeEmulatorUrl: string;
    /** integration and e2e: MailDev's web inbox, its REST API under /api (GET /api/email). */
    maildevUrl: string;
    /** e2e: the seeded demo accounts. */
    demoLogins: DemoLogin[];
  }
}

export {};
