import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, scratchDirectory } from './support/run-cli.ts';

// The original Helios maps and the lists its own script produced live outside the repo
// (a data dependency, not a component): test against them when they are there.
const present = existsSync(join(FIXTURES, 'single')) && existsSync(join(FIXTURES, 'dir'));
const skipReason = `needs the original Helios maps in ${FIXTURES} (a data dependency outside the repo)`;
const work = scratchDirectory();

function words(file: string): string[] {
  return readFileSync(file, 'utf8').split(/\s+/).filter(Boolean);
}

describe.each([
  ['one file', 'single/packages.yaml', 'expected-single'],
  ['a directory', 'dir', 'expected-dir'],
])('the original Helios map as %s', (_form, input, expected) => {
  it("flattens to the same set of names as the original's own lists, group by group", ({ skip }) => {
    skip(!present, skipReason);
    const out = join(work, expected);
    const run = runCli(['flatten', join(FIXTURES, input), '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const wanted = readdirSync(join(FIXTURES, expected)).sort();
    expect(readdirSync(out).sort()).toEqual(wanted);
    for (const name of wanted) {
      const ours = words(join(out, name));
      // Same set; ours also has no duplicates and is sorted.
      expect(ours).toEqual([...new Set(words(join(FIXTURES, expected, name)))].sort());
      expect(readFileSync(join(out, name), 'utf8')).toBe(`${ours.join(' ')}\n`);
    }
  });

  it('passes check', ({ skip }) => {
    skip(!present, skipReason);
    expect(runCli(['check', join(FIXTURES, input)]).status).toBe(0);
  });
});

describe('the original Helios directory map', () => {
  it('keeps Debian names out of the selkies-rhel list (inheritance is one level)', ({ skip }) => {
    skip(!present, skipReason);
    const run = runCli(['explain', join(FIXTURES, 'dir'), 'selkies-rhel', 'python3-dev']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'python3-dev is not in the selkies-rhel list: it is mapped for selkies-debian at',
    );
  });
});
