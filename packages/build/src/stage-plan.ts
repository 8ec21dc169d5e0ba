import { getDistro, type PackageManager } from '@helios/images';
import { BuildError, ERROR_CODES } from './errors.ts';

/**
 * The fixed build order of every Helios image (the order the KasmVNC-era images used, kept for custom hooks):
 * distro build deps -> common build -> distro system.sh -> common system.sh ->
 * cleanup -> root overlays (common, then distro). The browser client and the
 * runtime bundles are built on the host by `pnpm turbo build` and copied last,
 * so that a TypeScript change never invalidates the OS layers.
 *
 * A distro stage's script is looked up in the distro's folder first, then in
 * the folder its package manager's family shares (`families/apt/` for Debian,
 * Ubuntu and Kali): a distro overrides only the scripts that differ.
 */
export type StageId =
  | 'distro-deps'
  | 'common-build'
  | 'distro-system'
  | 'common-system'
  | 'distro-cleanup'
  | 'root-common'
  | 'root-distro';

/** One step of the plan. */
export interface Stage {
  /** 1-based position in the plan. */
  readonly index: number;
  readonly id: StageId;
  /** What the stage does, for logs and `--list-stages`. */
  readonly title: string;
  /**
   * Source in the repository: the first candidate that exists, e.g.
   * `families/apt/build/deps.sh`; for an absent optional stage, its first
   * candidate (where a distro would add it).
   */
  readonly source: string;
  /** Path inside the build context's `stages/` folder, or null for Dockerfile COPY stages. */
  readonly script: string | null;
  /** `runner`: executed by the stage runner; `copy`: a Dockerfile COPY. */
  readonly kind: 'runner' | 'copy';
  /** Whether the source exists. Always true for a required stage: planning fails without it. */
  readonly present: boolean;
}

/** Where a distro's stages are looked up. */
interface Folders {
  readonly distro: string;
  readonly family: string;
}

interface StageTemplate {
  readonly id: StageId;
  readonly title: string;
  /** Candidate sources, most specific first. */
  readonly candidates: (folders: Folders) => readonly string[];
  readonly script: string | null;
  readonly required: boolean;
}

/** A distro script: the distro's own, else the one its family shares. */
const distroScript =
  (name: string) =>
  ({ distro, family }: Folders) => [`${distro}/build/${name}`, `${family}/build/${name}`];

const templates: readonly StageTemplate[] = [
  {
    id: 'distro-deps',
    title: 'distro build deps: package manager set-up and the flattened package list',
    candidates: distroScript('deps.sh'),
    script: 'distro/deps.sh',
    required: true,
  },
  {
    id: 'common-build',
    title: 'common build: layout shared by every distro',
    candidates: () => ['common/build/build.sh'],
    script: 'common/build.sh',
    required: true,
  },
  {
    id: 'distro-system',
    title: 'custom build hook of the distro',
    candidates: distroScript('system.sh'),
    script: 'distro/system.sh',
    required: false,
  },
  {
    id: 'common-system',
    title: 'custom build hook for every distro',
    candidates: () => ['common/build/system.sh'],
    script: 'common/system.sh',
    required: false,
  },
  {
    id: 'distro-cleanup',
    title: 'cleanup: no package caches or lists in the image',
    candidates: distroScript('cleanup.sh'),
    script: 'distro/cleanup.sh',
    required: true,
  },
  {
    id: 'root-common',
    title: 'root overlay for every distro',
    candidates: () => ['common/root/'],
    script: null,
    required: false,
  },
  {
    // The distro's own only: `helios build` layers this folder over common/root/.
    id: 'root-distro',
    title: 'root overlay of the distro',
    candidates: ({ distro }) => [`${distro}/root/`],
    script: null,
    required: false,
  },
];

/** The folders a distro's stages are looked up in, most specific first. */
function stageFolders(distro: string, packageManager: PackageManager): Folders {
  return Object.freeze({ distro: `distros/${distro}`, family: `families/${packageManager}` });
}

/** A required stage none of whose candidate scripts exists. */
interface MissingStage {
  readonly id: StageId;
  /** The most specific place to add the script. */
  readonly source: string;
  /** Every place the script may be added, most specific first. */
  readonly candidates: readonly string[];
}

/** What is missing and where to add it: the family's shared script, or the distro's own. */
function describeMissing(distro: string, packageManager: PackageManager, missing: readonly MissingStage[]) {
  const stages = missing.map(({ id, candidates: [own, shared] }) =>
    shared === undefined
      ? `${id} (add ${own})`
      : `${id} (add ${shared}, shared by every ${packageManager} distro, or ${own} for ${distro} only)`,
  );
  return `Cannot plan the build of ${distro}: required stage scripts are missing: ${stages.join('; ')}.`;
}

/**
 * Plans the build of the matrix distro named `distro`. `exists` tells whether
 * a repository path exists; it is the only I/O, so the plan is testable
 * without files. Optional hooks and overlays that are absent are planned as
 * skipped; a required stage without a script fails the plan.
 * @throws {BuildError} `HELIOS_BUILD_MISSING_ARTIFACT` naming every required
 * stage without a script and where to add it.
 * @throws {ImagesError} `HELIOS_IMAGES_UNKNOWN_DISTRO` for a name not in the matrix.
 */
export function planStages(
  distro: string,
  exists: (repoPath: string) => boolean,
): { stages: readonly Stage[] } {
  const { packageManager } = getDistro(distro);
  const folders = stageFolders(distro, packageManager);
  const stages: Stage[] = [];
  const missing: MissingStage[] = [];
  templates.forEach((template, i) => {
    const candidates = template.candidates(folders);
    const found = candidates.find(exists);
    if (template.required && found === undefined) {
      missing.push({ id: template.id, source: candidates[0] as string, candidates });
    }
    stages.push(
      Object.freeze({
        index: i + 1,
        id: template.id,
        title: template.title,
        source: found ?? (candidates[0] as string),
        script: template.script,
        kind: template.script === null ? 'copy' : 'runner',
        present: found !== undefined,
      }),
    );
  });
  if (missing.length > 0) {
    throw new BuildError(ERROR_CODES.MISSING_ARTIFACT, describeMissing(distro, packageManager, missing));
  }
  return { stages: Object.freeze(stages) };
}

/** The plan as `helios build --list-stages` prints it. */
export function formatPlan(distro: string, stages: readonly Stage[]): string {
  const lines = [`Build stages for ${distro} (in this order):`];
  for (const stage of stages) {
    const where = stage.present ? stage.source : `${stage.source} (absent, skipped)`;
    const how = stage.kind === 'copy' ? 'COPY' : 'RUN ';
    lines.push(`  ${stage.index}/${stages.length} ${how} ${stage.id.padEnd(14)} ${where}  - ${stage.title}`);
  }
  lines.push('  then  COPY app/          the runtime bundles and browser client (built on the host)');
  return lines.join('\n');
}
