/**
 * The layers point one way (docs/architecture.md, "Layers"). `npm test` runs these rules (npm run lint:deps);
 * a new import that breaks one fails the build with the rule's name and this comment.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'lib/domain holds the rules and their vocabulary: it imports nothing outside itself (no I/O, no records, no services).',
      severity: 'error',
      from: { path: '^lib/domain/' },
      to: { pathNot: '^lib/domain/' },
    },
    {
      name: 'data-below-services',
      comment:
        'lib/data owns the DynamoDB expressions and builds on the domain and the ports (lib/ports.ts); it never reaches up into use cases, handlers, the browser or the local stack.',
      severity: 'error',
      from: { path: '^lib/data/' },
      to: { path: '^lib/(services|functions|http|client|server|local|auth|aws)/' },
    },
    {
      name: 'services-below-handlers',
      comment: 'Use cases do not know the handlers, the browser, Next.js or the local stack that call them.',
      severity: 'error',
      from: { path: '^lib/services/' },
      to: { path: '^(lib/(functions|client|server|local)/|app/|components/)' },
    },
    {
      name: 'contracts-are-shapes',
      comment:
        'lib/http holds request schemas and response shapes per function, built from the domain words: no use case, handler, browser or local-stack code.',
      severity: 'error',
      from: { path: '^lib/http/' },
      to: { path: '^lib/(services|functions|client|server|local|aws|auth)/' },
    },
    {
      name: 'browser-takes-contract-types-only',
      comment:
        'Components read the contracts for their types; the zod schemas stay on the server (a value import would ship zod and the rules to the browser).',
      severity: 'error',
      from: { path: '^(components|lib/client)/' },
      to: { path: '^lib/http/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'infrastructure-without-services',
      comment: 'The backend definition (tables, functions, grants, queues) reads data shapes and constants, never the use cases.',
      severity: 'error',
      from: { path: '^amplify/', pathNot: '^amplify/functions/' },
      to: { path: '^lib/services/' },
    },
    {
      name: 'browser-without-server-code',
      comment: 'Components run in the browser: no use case, handler, DynamoDB access or local-stack module in their bundle.',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: '^lib/(services|functions|local|server|aws)/|^lib/data/(?!records\\.ts$)' },
    },
    {
      name: 'local-stack-behind-one-door',
      comment:
        'The local stack (DynamoDB Local, the Stripe emulator, local accounts) is chosen at run time: outside lib/local only lib/server and the routes reach it, and only through lib/local/app.ts, imported dynamically.',
      severity: 'error',
      from: { pathNot: '^(lib/local/|scripts/|__tests__/)' },
      to: { path: '^lib/local/', pathNot: '^lib/local/app\\.ts$' },
    },
    {
      name: 'local-app-only-for-the-server',
      comment: 'lib/local/app.ts is the one door to the local stack: the Next.js server glue and routes use it, nothing else.',
      severity: 'error',
      from: { pathNot: '^(lib/local/|lib/server/|app/|scripts/|__tests__/)' },
      to: { path: '^lib/local/app\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.next|\\.amplify|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
