import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distros } from '@helios/images';
import { describe, expect, it } from 'vitest';
import { BuildError } from './errors.ts';
import { formatPlan, planStages } from './stage-plan.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const present = (paths: string[]) => (path: string) => paths.includes(path);
const aptFamily = ['families/apt/build/deps.sh', 'common/build/build.sh', 'families/apt/build/cleanup.sh'];

/** The planning error for `distro`, or a failure when planning succeeds. */
function planningError(distro: string, paths: string[]): BuildError {
  try {
    planStages(distro, present(paths));
  } catch (error) {
    if (error instanceof BuildError) return error;
    throw error;
  }
  throw new Error(`planning ${distro} succeeded`);
}

describe('planStages', () => {
  it('keeps the KasmVNC-era order: deps, common build, distro hook, common hook, cleanup, overlays', () => {
    const { stages } = planStages('bookworm', present(aptFamily));
    expect(stages.map((s) => s.id)).toEqual([
      'distro-deps',
      'common-build',
      'distro-system',
      'common-system',
      'distro-cleanup',
      'root-common',
      'root-distro',
    ]);
    expect(stages.map((s) => s.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("takes a distro's scripts from its package manager's family when it has none of its own", () => {
    const sources = (distro: string, paths: string[]) =>
      planStages(distro, present(paths))
        .stages.filter((s) => s.id === 'distro-deps' || s.id === 'distro-cleanup')
        .map((s) => s.source);
    expect(sources('noble', aptFamily)).toEqual([
      'families/apt/build/deps.sh',
      'families/apt/build/cleanup.sh',
    ]);
    expect(
      sources('alpine-3', [
        'families/apk/build/deps.sh',
        'common/build/build.sh',
        'families/apk/build/cleanup.sh',
      ]),
    ).toEqual(['families/apk/build/deps.sh', 'families/apk/build/cleanup.sh']);
    expect(
      sources('rocky-9', [
        'families/dnf/build/deps.sh',
        'common/build/build.sh',
        'families/dnf/build/cleanup.sh',
      ]),
    ).toEqual(['families/dnf/build/deps.sh', 'families/dnf/build/cleanup.sh']);
  });

  it('lets a distro override only the scripts that differ', () => {
    const { stages } = planStages('jammy', present([...aptFamily, 'distros/jammy/build/deps.sh']));
    expect(stages.filter((s) => s.kind === 'runner' && s.present).map((s) => s.source)).toEqual([
      'distros/jammy/build/deps.sh',
      'common/build/build.sh',
      'families/apt/build/cleanup.sh',
    ]);
  });

  it('runs the custom build hooks only when they exist, distro over family, then common', () => {
    const hooks = (paths: string[]) =>
      planStages('trixie', present([...aptFamily, ...paths]))
        .stages.filter((s) => s.id.endsWith('-system'))
        .map((s) => [s.source, s.present]);
    expect(hooks(['distros/trixie/build/system.sh', 'common/build/system.sh'])).toEqual([
      ['distros/trixie/build/system.sh', true],
      ['common/build/system.sh', true],
    ]);
    expect(hooks(['families/apt/build/system.sh'])).toEqual([
      ['families/apt/build/system.sh', true],
      ['common/build/system.sh', false],
    ]);
    expect(hooks([])).toEqual([
      ['distros/trixie/build/system.sh', false],
      ['common/build/system.sh', false],
    ]);
  });

  it('fails the plan naming every required script that is missing and where to add it', () => {
    const error = planningError('noble', ['common/build/build.sh']);
    expect(error.code).toBe('HELIOS_BUILD_MISSING_ARTIFACT');
    expect(error.message).toBe(
      'Cannot plan the build of noble: required stage scripts are missing: ' +
        'distro-deps (add families/apt/build/deps.sh, shared by every apt distro, or distros/noble/build/deps.sh for noble only); ' +
        'distro-cleanup (add families/apt/build/cleanup.sh, shared by every apt distro, or distros/noble/build/cleanup.sh for noble only).',
    );
    expect(planningError('alma-9', [...aptFamily]).message).toContain(
      'distro-deps (add families/dnf/build/deps.sh, shared by every dnf distro, or distros/alma-9/build/deps.sh for alma-9 only)',
    );
    expect(
      planningError(
        'sid',
        aptFamily.filter((p) => p !== 'common/build/build.sh'),
      ).message,
    ).toBe(
      'Cannot plan the build of sid: required stage scripts are missing: common-build (add common/build/build.sh).',
    );
  });

  it('refuses a distro that is not in the matrix', () => {
    expect(() => planStages('bookwrom', present(aptFamily))).toThrow('Unknown distro "bookwrom".');
  });
});

describe('the build scripts in this repository', () => {
  it.each(distros.map((d) => d.name))('give %s every script its stage plan needs, executable', (distro) => {
    const { stages } = planStages(distro, (path) => existsSync(join(repoRoot, path)));
    const scripts = stages.filter((s) => s.kind === 'runner' && s.present);
    expect(scripts.map((s) => s.id)).toEqual(
      expect.arrayContaining(['distro-deps', 'common-build', 'distro-cleanup']),
    );
    for (const stage of scripts) {
      expect(
        statSync(join(repoRoot, stage.source)).mode & 0o111,
        `${stage.source} is not executable`,
      ).not.toBe(0);
    }
  });

  it('share one script per family: no distro folder repeats its family script byte for byte', () => {
    for (const { name, packageManager } of distros) {
      for (const script of ['deps.sh', 'cleanup.sh', 'system.sh']) {
        const own = join(repoRoot, 'distros', name, 'build', script);
        const shared = join(repoRoot, 'families', packageManager, 'build', script);
        if (existsSync(own) && existsSync(shared)) {
          expect(readFileSync(own, 'utf8'), `${own} repeats ${shared}`).not.toBe(
            readFileSync(shared, 'utf8'),
          );
        }
      }
    }
  });
});

describe('formatPlan', () => {
  it('prints stage k/n with its source and marks absent hooks as skipped', () => {
    const text = formatPlan('bookworm', planStages('bookworm', present(aptFamily)).stages);
    expect(text).toContain('1/7 RUN  distro-deps    families/apt/build/deps.sh');
    expect(text).toContain('3/7 RUN  distro-system  distros/bookworm/build/system.sh (absent, skipped)');
    expect(text).toContain('6/7 COPY root-common    common/root/');
  });
});
