/**
 * The bench's one table, pure: rows with their floor and goal, the goal check, the plain and the Markdown rendering,
 * and the README rewrite between the `bench:start` / `bench:end` markers.
 */

export interface Goal {
  /** The goal in words, e.g. `≤ 1.3× floor`, `≤ 50 ms`. */
  label: string;
  met: boolean;
  /** What was measured against it, e.g. `1.12×`, `38.0 ms`. */
  measured: string;
}

export interface BenchRow {
  measure: string;
  app: string;
  floor?: string;
  ratio?: string;
  goal?: Goal;
}

/** The goal that `value` is at most `max` times `base` (a ratio to a floor or to a baseline run). */
export function ratioGoal(value: number, base: number, max: number, of = 'floor'): Goal {
  const ratio = value / base;
  return { label: `≤ ${max}× ${of}`, met: Number.isFinite(ratio) && ratio <= max, measured: `${ratio.toFixed(2)}×` };
}

/** The goal that `value` is at most `max` (in `unit`). */
export function limitGoal(value: number, max: number, unit: string, digits = 1): Goal {
  return { label: `≤ ${max} ${unit}`, met: Number.isFinite(value) && value <= max, measured: `${value.toFixed(digits)} ${unit}` };
}

export const ratioText = (value: number, base: number, of = '') => `${(value / base).toFixed(2)}×${of ? ` ${of}` : ''}`;

export function goalText(goal: Goal | undefined): string {
  if (!goal) return '';
  return `${goal.met ? 'met' : 'not met'} (${goal.measured}; goal ${goal.label})`;
}

const HEAD = ['measure', 'app', 'floor', 'ratio', 'goal'] as const;

const cellsOf = (r: BenchRow) => [r.measure, r.app, r.floor ?? '', r.ratio ?? '', goalText(r.goal)];

/** The table as the terminal shows it: padded columns. */
export function renderPlain(rows: BenchRow[]): string {
  const cells = rows.map(cellsOf);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(HEAD), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** A Markdown table; `|` inside a cell is escaped so it cannot split the row. */
export function renderMarkdown(rows: BenchRow[]): string {
  const line = (r: readonly string[]) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(HEAD), `|${HEAD.map(() => '---').join('|')}|`, ...rows.map(cellsOf).map(line)].join('\n');
}

export const BENCH_START = '<!-- bench:start -->';
export const BENCH_END = '<!-- bench:end -->';

/**
 * `readme` with the text between the markers replaced by `block`. Without markers, the block (with them) goes at the
 * top of the `## Performance` section; without that section, the README is returned unchanged with `false`.
 */
export function replaceBenchBlock(readme: string, block: string): { text: string; replaced: boolean } {
  const wrapped = `${BENCH_START}\n${block.trim()}\n${BENCH_END}`;
  const start = readme.indexOf(BENCH_START);
  const end = readme.indexOf(BENCH_END);
  if (start >= 0 && end > start) return { text: readme.slice(0, start) + wrapped + readme.slice(end + BENCH_END.length), replaced: true };
  const section = readme.match(/^## Performance[^\n]*\n/m);
  if (!section || section.index === undefined) return { text: readme, replaced: false };
  const at = section.index + section[0].length;
  return { text: `${readme.slice(0, at)}\n${wrapped}\n${readme.slice(at)}`, replaced: true };
}

export interface MachineInfo {
  date: string;
  node: string;
  cpuModel: string;
  cpuCount: number;
  memoryGb: number;
}

export const machineLine = (m: MachineInfo) => `${m.date} · ${m.cpuCount} × ${m.cpuModel} · ${m.memoryGb} GB · Node ${m.node}`;

/** The README block: the machine line, the settings, the table, and how many goals were met. */
export function markdownBlock(machine: MachineInfo, settings: string, rows: BenchRow[]): string {
  const goals = rows.filter((r) => r.goal);
  const met = goals.filter((r) => r.goal!.met).length;
  return [`Run of ${machineLine(machine)}; ${settings}. Goals met: ${met} of ${goals.length}.`, '', renderMarkdown(rows)].join('\n');
}
