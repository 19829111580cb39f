import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  ARCHITECTURE_DOC,
  MACHINE_DOCS,
  SECTION_END,
  SECTION_START,
  effectsText,
  renderMachine,
  renderStateMachines,
  withStateMachines,
} from '../../scripts/docs/state-machines';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

describe('docs/architecture.md and the code agree', () => {
  test('the state-machine section is the rendering of the tables in lib/domain (run `npm run docs` after changing one)', () => {
    const doc = readFileSync(ARCHITECTURE_DOC, 'utf8');
    expect(withStateMachines(doc, renderStateMachines())).toBe(doc);
  });

  test.each(MACHINE_DOCS.map((m) => [m.title, m] as const))('%s: one row per transition, each with its event', (_title, machineDoc) => {
    const rows = renderMachine(machineDoc)
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| transition'));
    expect(rows.map((row) => (row.split(' | ')[0] ?? '').slice(2))).toEqual(Object.keys(machineDoc.machine.transitions));
    for (const row of rows) expect(row.endsWith('| — |')).toBe(false);
  });

  test('a document without the markers is refused rather than silently left stale', () => {
    expect(() => withStateMachines('# no section here', renderStateMachines())).toThrow(/state-machines/);
    expect(withStateMachines(`a\n${SECTION_START}\nold\n${SECTION_END}\nb`, 'new')).toBe('a\nnew\nb');
  });
});

describe('effectsText', () => {
  test.each([
    [null, '—'],
    [{ ledger: [], stripe: [], slot: 'keep' }, '—'],
    [{ ledger: ['CHARGE', 'PLATFORM_FEE'], stripe: [], slot: 'keep' }, 'ledger: CHARGE, PLATFORM_FEE'],
    [{ ledger: [], stripe: ['paymentIntent.cancel'], slot: 'release' }, 'stripe: paymentIntent.cancel; slot: release'],
    [{ hold: 'set' }, 'hold: set'],
  ])('%j → %s', (emits, text) => {
    expect(effectsText(emits)).toBe(text);
  });
});

describe('the repository explains itself without leaving it', () => {
  const documents = ['README.md', 'docs/architecture.md'];
  test.each(documents)('%s links only to files that exist in the repository', (file) => {
    const text = read(file);
    expect(text).not.toMatch(/\.\.\/shared/);
    const targets = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1] ?? '').filter((t) => !/^[a-z]+:/i.test(t));
    for (const target of targets)
      expect(existsSync(path.resolve(path.dirname(path.join(root, file)), target)), `${file} → ${target}`).toBe(true);
  });

  test('the README points newcomers at the design document', () => {
    expect(read('README.md')).toMatch(/\]\(docs\/architecture\.md\)/);
  });
});
