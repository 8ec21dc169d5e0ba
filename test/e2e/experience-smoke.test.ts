import { LINK_PROFILES } from '@helios/test-kit/shaped-link';
import { describe, expect, it } from 'vitest';
import { runExperience, type StackFigures } from '../bench/experience/run-experience.ts';
import { percentile } from '../bench/experience/workloads.ts';
import { e2eDistro } from '../support/repo.ts';

/**
 * One short round of the experience benchmark (`pnpm --filter @helios/e2e
 * bench:experience`), so it cannot rot: both stacks, on loopback and through
 * the lossy 5 Mbit/s link. The bounds are loose sanity checks, not figures:
 * the figures come from the full benchmark and go in the README.
 */
describe(`experience benchmark, smoke run on ${e2eDistro}`, () => {
  it('measures key to photon, flood, drain and motion for Helios and the plain stack', {
    timeout: 600_000,
  }, async () => {
    const lossy = LINK_PROFILES.find((profile) => profile.lossPercent > 0)?.name ?? 'missing profile';
    const links = ['loopback', lossy];
    const results = await runExperience({ distro: e2eDistro, rounds: 1, keys: 4, seconds: 2, links });
    expect(results.map((r) => `${r.link}/${r.stack}`).sort()).toEqual(
      links.flatMap((link) => [`${link}/helios`, `${link}/plain`]).sort(),
    );
    const sane = (figures: StackFigures) => {
      for (const ms of [...figures.keyMinimal, ...figures.keyTerminal, ...figures.keyDuringFlood]) {
        expect(ms).toBeGreaterThan(0);
        expect(ms).toBeLessThan(5_000);
      }
      expect(figures.flood.pageFps).toBeGreaterThan(1);
      expect(figures.flood.bytesPerSecond).toBeGreaterThan(10_000);
      expect(figures.drainMs).toBeLessThan(15_000);
      expect(figures.motion.pageFps).toBeGreaterThan(1);
      expect(figures.flood.cpu.xvnc).toBeGreaterThan(0);
    };
    for (const figures of results) sane(figures);
    // A link with 100 ms of round trip cannot show a key faster than that.
    for (const figures of results.filter((r) => r.link === lossy)) {
      expect(percentile(figures.keyMinimal, 0.5)).toBeGreaterThanOrEqual(100);
    }
  });
});
