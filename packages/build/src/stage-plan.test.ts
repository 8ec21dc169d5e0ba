import { describe, expect, it } from 'vitest';
import { formatPlan, planStages } from './stage-plan.ts';

const present = (paths: string[]) => (path: string) => paths.includes(path);
const required = [
  'distros/bookworm/build/deps.sh',
  'common/build/build.sh',
  'distros/bookworm/build/cleanup.sh',
];

describe('planStages', () => {
  it('keeps the KasmVNC-era order: deps, common build, distro hook, common hook, cleanup, overlays', () => {
    const { stages } = planStages('bookworm', present(required));
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

  it('runs the custom build hooks only when they exist, distro first', () => {
    const { stages } = planStages(
      'trixie',
      present(['distros/trixie/build/system.sh', 'common/build/system.sh']),
    );
    const hooks = stages.filter((s) => s.id.endsWith('-system'));
    expect(hooks.map((s) => [s.source, s.present])).toEqual([
      ['distros/trixie/build/system.sh', true],
      ['common/build/system.sh', true],
    ]);
    expect(planStages('trixie', present([])).stages.find((s) => s.id === 'distro-system')?.present).toBe(
      false,
    );
  });

  it('reports every required script that is missing', () => {
    const { missing } = planStages('sid', present(['common/build/build.sh']));
    expect(missing).toEqual([
      { id: 'distro-deps', source: 'distros/sid/build/deps.sh' },
      { id: 'distro-cleanup', source: 'distros/sid/build/cleanup.sh' },
    ]);
  });
});

describe('formatPlan', () => {
  it('prints stage k/n with its source and marks absent hooks as skipped', () => {
    const text = formatPlan('bookworm', planStages('bookworm', present(required)).stages);
    expect(text).toContain('1/7 RUN  distro-deps    distros/bookworm/build/deps.sh');
    expect(text).toContain('3/7 RUN  distro-system  distros/bookworm/build/system.sh (absent, skipped)');
    expect(text).toContain('6/7 COPY root-common    common/root/');
  });
});
