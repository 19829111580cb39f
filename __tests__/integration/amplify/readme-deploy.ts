/**
 * What the README's deploy section names, read from its text: the backend outputs (`custom.…`), the variables
 * (UPPER_SNAKE names in code spans), the repository files and npm scripts, and the Stripe event types the webhook
 * endpoint should subscribe to. The synth tests check each against the synthesized backend, `.env.example`,
 * `amplify.yml`, the tree and package.json, so the instructions fail a test when they drift.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DEPLOY_HEADING = '## Deploy to AWS';

export function readmeDeploySection(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${DEPLOY_HEADING}`);
  if (start < 0) throw new Error(`README.md has no "${DEPLOY_HEADING}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Files the deploy writes (not in the repository). */
const GENERATED = ['amplify_outputs.json'];

const codeSpans = (text: string) => [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
const unique = (items: string[]) => [...new Set(items)].sort();

export function deployReferences(section = readmeDeploySection()) {
  const spans = codeSpans(section);
  return {
    /** `custom.a.b` paths (a trailing `.*`, `…` or brace list is not part of the path). */
    outputs: unique(spans.flatMap((s) => [...s.matchAll(/\bcustom\.[A-Za-z]+(?:\.[A-Za-z]+)*/g)].map((m) => m[0]))),
    /** Environment variables and secrets: UPPER_SNAKE words in code spans, `$` and a `=value` dropped. */
    variables: unique(spans.flatMap((s) => [...s.matchAll(/(?<![\w.])\$?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/g)].map((m) => m[1]!))),
    /** Repository paths in code spans (a file or folder that must exist). */
    files: unique(spans.filter((s) => /^[\w.-]+(?:\/[\w.[\]-]+)+$|^[\w-]+\.(?:ts|yml|json|md|mjs)$/.test(s) && !GENERATED.includes(s))),
    /** `npm run <script>` commands. */
    scripts: unique(spans.flatMap((s) => [...s.matchAll(/\bnpm run ([\w:-]+)/g)].map((m) => m[1]!))),
  };
}

/** The Stripe event types (or `prefix.*` patterns) the webhook step lists. */
export function listedEventTypes(section = readmeDeploySection()): string[] {
  const step = section.split(/\n(?=\d+\. )/).find((s) => s.includes('**Stripe webhook.**'));
  if (!step) throw new Error('the deploy section has no "Stripe webhook." step');
  const list = step.slice(step.indexOf('the event types the app handles'), step.indexOf('Add a second endpoint'));
  return unique(
    [...list.matchAll(/\b([a-z_]+(?:\.[a-z_]+)*(?:\.[a-z_]*\*|\.[a-z_]+))/g)].map((m) => m[1]!).filter((t) => !t.endsWith('.ts')),
  );
}

/** Whether a `custom.a.b` path exists in the synthesized custom outputs (their JSON, tokens and all). */
export function outputExists(customOutputsJson: string, outputPath: string): boolean {
  let rest = customOutputsJson;
  for (const key of outputPath.split('.').slice(1)) {
    const at = rest.indexOf(`\\"${key}\\":`);
    if (at < 0) return false;
    rest = rest.slice(at);
  }
  return true;
}

export function envExampleNames(): Set<string> {
  const text = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
  return new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));
}

export const amplifyYml = () => readFileSync(path.join(ROOT, 'amplify.yml'), 'utf8');
export const fileExists = (relative: string) => existsSync(path.join(ROOT, relative));
export const npmScripts = () =>
  Object.keys((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: object }).scripts);
