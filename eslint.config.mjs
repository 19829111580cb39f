/**
 * Lint for the whole repository (npm run lint; npm test runs it with --max-warnings 0). Next.js's own rules (React,
 * hooks, accessibility, Core Web Vitals) with typescript-eslint's recommended set, plus the project's house rules:
 * files readable in one sitting (300 lines of code), no `any`, type-only imports marked, comments that cite no issue numbers.
 */
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypeScript from 'eslint-config-next/typescript';

/** Comments explain why; a ticket number explains nothing to the next reader and rots when the tracker moves. */
const noIssueReferences = {
  meta: { type: 'suggestion', docs: { description: 'Comments cite no issue numbers' }, schema: [] },
  create(context) {
    return {
      Program() {
        for (const comment of context.sourceCode.getAllComments()) {
          if (/\b(issue|ticket)\s*#?\d+|(^|\s)#\d{1,4}\b/i.test(comment.value)) {
            context.report({ loc: comment.loc, message: 'Say why in words; do not cite an issue number.' });
          }
        }
      },
    };
  },
};

const config = [
  {
    ignores: ['node_modules/**', '.next/**', '.amplify/**', 'amplify_outputs*.json', 'test-results/**', 'next-env.d.ts', 'coverage/**'],
  },
  ...nextVitals,
  ...nextTypeScript,
  {
    plugins: { house: { rules: { 'no-issue-references': noIssueReferences } } },
    settings: { next: { rootDir: '.' } },
    rules: {
      'house/no-issue-references': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // `typeof import(…)` types a module that must be imported late (after its environment is set).
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // A handler declared first and assigned once the server it serves exists is read only after that.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // React's rules (the compiler-based hooks rules cost most of the lint time) only where React runs.
    files: ['lib/**', '__tests__/**', 'scripts/**', 'amplify/**', '*.{ts,mjs,cjs,js}'],
    ignores: ['lib/client/**'],
    rules: Object.fromEntries(
      nextVitals
        .flatMap((config) => Object.keys(config.rules ?? {}))
        .filter((rule) => /^(react|react-hooks|jsx-a11y|@next\/next)\//.test(rule))
        .map((rule) => [rule, 'off']),
    ),
  },
  {
    // Synthesized CloudFormation is untyped JSON that these tests walk by property name.
    files: ['__tests__/integration/amplify/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.{ts,tsx,mjs,cjs,js}'],
    ignores: ['__tests__/**'],
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }] },
  },
];

export default config;
