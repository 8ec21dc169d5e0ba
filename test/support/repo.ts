import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the Helios checkout the tests run from. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where tests leave screenshots and logs for people to look at. */
export const artifactsDir = join(repoRoot, 'test', 'artifacts');

/** The image every e2e test runs (built once by the global setup). */
export const e2eDistro = process.env.HELIOS_E2E_DISTRO ?? 'bookworm';
export const e2eImage = `helios:${e2eDistro}`;
