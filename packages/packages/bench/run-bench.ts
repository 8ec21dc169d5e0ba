// Prints how long each stage takes on generated maps of 1,000 to 20,000 logical packages
// and how long a whole `helios-packages flatten` process takes on the repository's own
// map (common/packages.yaml). Run with `pnpm --filter @helios/packages bench` (it builds first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { flattenPackageMap, parseYamlSource, validatePackageMap } from '../src/index.ts';
import { mergeMapFiles } from '../src/merge-map-files.ts';
import { validateMapFile } from '../src/validate-map-file.ts';
import { generateMap } from './generate-map.ts';

const ROUNDS = 7;
const CLI_RUNS = 21;
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'helios-packages.js');
const map = join(root, '..', '..', 'common', 'packages.yaml');

/** Best of several rounds: the least disturbed by other work on a shared machine. */
function best(run: () => unknown): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

console.log('Library, best of %d rounds, Node %s', ROUNDS, process.version);
console.log(
  ['packages', 'lines', 'MB', 'yaml parse', 'parse+pos', 'validate', 'flatten', 'total', 'per 1k', 'parse %']
    .map((title) => title.padStart(11))
    .join(''),
);
for (const count of [1_000, 10_000, 20_000]) {
  const text = generateMap(count);
  const source = { file: 'generated.yaml', text };
  const result = validatePackageMap([source]);
  if (!result.ok) throw new Error(`generated map is invalid: ${result.problems[0]?.message}`);
  const bare = best(() => parseYaml(text));
  const parse = best(() => parseYamlSource(source));
  const parsed = parseYamlSource(source);
  const validate = best(() => {
    const checked = validateMapFile(parsed);
    if (checked.ok) mergeMapFiles([checked.file]);
  });
  const flatten = best(() => flattenPackageMap(result.map));
  const total = parse + validate + flatten;
  console.log(
    [
      count.toLocaleString('en-US'),
      text.split('\n').length.toLocaleString('en-US'),
      (text.length / 1e6).toFixed(2),
      ms(bare),
      ms(parse),
      ms(validate),
      ms(flatten),
      ms(total),
      ms((total / count) * 1000),
      `${Math.round((parse / total) * 100)}%`,
    ]
      .map((cell) => cell.padStart(11))
      .join(''),
  );
}
console.log(
  'yaml parse: yaml.parse alone. parse+pos: parseYamlSource (parseDocument with a LineCounter, errors, toJS).\n' +
    'validate: zod schema and located mappings. total: parse+pos + validate + flatten.\n',
);

const work = mkdtempSync(join(tmpdir(), 'helios-packages-bench-'));
try {
  const time = (args: string[]) => {
    const runs: number[] = [];
    for (let run = 0; run < CLI_RUNS; run += 1) {
      const start = performance.now();
      const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
      runs.push(performance.now() - start);
      if (child.status !== 0) throw new Error(child.stderr);
    }
    return runs;
  };
  const node = time(['-e', '0']);
  const cli = time([bin, 'flatten', map, '--out', join(work, 'lists')]);
  console.log('CLI, whole process, %d runs: helios-packages flatten %s --out DIR', CLI_RUNS, map);
  console.log(
    `  median ${ms(median(cli))}, fastest ${ms(Math.min(...cli))}, slowest ${ms(Math.max(...cli))}`,
  );
  console.log(`  (node -e 0 alone: median ${ms(median(node))}, fastest ${ms(Math.min(...node))})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
