import { describe, expect, test } from 'vitest';
import { deliveryPlan, pct } from '../../scripts/bench-stats';
import {
  BENCH_END,
  BENCH_START,
  goalText,
  limitGoal,
  markdownBlock,
  ratioGoal,
  renderMarkdown,
  renderPlain,
  replaceBenchBlock,
  type BenchRow,
} from '../../scripts/bench/table';

describe('percentiles (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
  test.each([
    [50, 50],
    [99, 99],
    [100, 100],
    [1, 1],
    [0, 1],
  ])('p%i of 1…100 is %i', (p, expected) => {
    expect(pct(hundred, p)).toBe(expected);
  });

  test('p99 of 300 samples is not the maximum (the reason for ≥ 300 samples)', () => {
    const xs = Array.from({ length: 300 }, (_, i) => i + 1);
    expect(pct(xs, 99)).toBe(297);
  });

  test('no samples: NaN, and the input is left unsorted', () => {
    expect(pct([], 50)).toBeNaN();
    const xs = [3, 1, 2];
    pct(xs, 50);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('goals', () => {
  test.each([
    [130, 100, 1.3, true, '1.30×'],
    [131, 100, 1.3, false, '1.31×'],
    [50, 100, 1.2, true, '0.50×'],
    [10, 0, 1.2, false, 'Infinity×'],
  ])('%d against %d with at most %d×: met %s', (value, base, max, met, measured) => {
    expect(ratioGoal(value, base, max)).toEqual({ label: `≤ ${max}× floor`, met, measured });
  });

  test.each([
    [50, true],
    [50.01, false],
    [Number.NaN, false],
  ])('%d ms against ≤ 50 ms: met %s', (value, met) => {
    expect(limitGoal(value, 50, 'ms').met).toBe(met);
  });

  test('the goal column says met or not met, with the measurement and the goal', () => {
    expect(goalText(ratioGoal(120, 100, 1.3))).toBe('met (1.20×; goal ≤ 1.3× floor)');
    expect(goalText(limitGoal(71.25, 50, 'ms'))).toBe('not met (71.3 ms; goal ≤ 50 ms)');
    expect(goalText(undefined)).toBe('');
  });
});

const rows: BenchRow[] = [
  { measure: 'booking p99', app: '120.0 ms', floor: '100.0 ms', ratio: '1.20×', goal: ratioGoal(120, 100, 1.3) },
  { measure: 'a | b', app: '1 ms' },
];

describe('rendering', () => {
  test('Markdown: a header, a separator, one line per row, pipes in cells escaped', () => {
    expect(renderMarkdown(rows).split('\n')).toEqual([
      '| measure | app | floor | ratio | goal |',
      '|---|---|---|---|---|',
      '| booking p99 | 120.0 ms | 100.0 ms | 1.20× | met (1.20×; goal ≤ 1.3× floor) |',
      '| a \\| b | 1 ms |  |  |  |',
    ]);
  });

  test('plain: every line as wide as the header', () => {
    const lines = renderPlain(rows).split('\n');
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[2]).toContain('booking p99');
  });

  test('the block names the machine and counts the goals met', () => {
    const block = markdownBlock({ date: '2026-12-07', node: 'v20.1.0', cpuModel: 'EPYC', cpuCount: 2, memoryGb: 24 }, 'sizes x', [
      ...rows,
      { measure: 'slow', app: '90 ms', goal: limitGoal(90, 50, 'ms') },
    ]);
    expect(block.split('\n')[0]).toBe('Run of 2026-12-07 · 2 × EPYC · 24 GB · Node v20.1.0; sizes x. Goals met: 1 of 2.');
  });
});

describe('the README rewrite', () => {
  test('between the markers only; the text around them is kept', () => {
    const readme = `# App\n## Performance\nintro\n${BENCH_START}\nold table\n${BENCH_END}\nThe dashboard reads the daily rollups.\n## Reviews\n`;
    const { text, replaced } = replaceBenchBlock(readme, 'new table');
    expect(replaced).toBe(true);
    expect(text).toBe(
      `# App\n## Performance\nintro\n${BENCH_START}\nnew table\n${BENCH_END}\nThe dashboard reads the daily rollups.\n## Reviews\n`,
    );
    expect(replaceBenchBlock(text, 'new table').text).toBe(text);
  });

  test('without markers: at the top of the Performance section; without the section: unchanged', () => {
    expect(replaceBenchBlock('## Performance\nold\n', 't').text).toBe(`## Performance\n\n${BENCH_START}\nt\n${BENCH_END}\nold\n`);
    expect(replaceBenchBlock('# App\n', 't')).toEqual({ text: '# App\n', replaced: false });
  });
});

describe('the webhook burst plan', () => {
  test.each([1000, 100, 7])('%i deliveries: 30%% duplicates, each a repeat of an event already sent', (count) => {
    const plan = deliveryPlan(count);
    expect(plan).toHaveLength(count);
    const unique = new Set(plan).size;
    expect(count - unique).toBe(Math.round(count * 0.3));
    plan.forEach((e, i) => expect(e).toBeLessThanOrEqual(Math.max(0, ...plan.slice(0, i)) + 1));
  });
});
