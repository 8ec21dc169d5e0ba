/**
 * The fixed build order of every Helios image (the order the KasmVNC-era images used, kept for custom hooks):
 * distro build deps -> common build -> distro system.sh -> common system.sh ->
 * cleanup -> root overlays (common, then distro). The browser client and the
 * runtime bundles are built on the host by `pnpm turbo build` and copied last,
 * so that a TypeScript change never invalidates the OS layers.
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
  /** Source in the repository, e.g. `distros/bookworm/build/deps.sh`. */
  readonly source: string;
  /** Path inside the build context's `stages/` folder, or null for Dockerfile COPY stages. */
  readonly script: string | null;
  /** `runner`: executed by the stage runner; `copy`: a Dockerfile COPY. */
  readonly kind: 'runner' | 'copy';
  /** Whether the source exists; optional hooks may be absent. */
  readonly present: boolean;
}

interface StageTemplate {
  readonly id: StageId;
  readonly title: string;
  readonly source: (distro: string) => string;
  readonly script: string | null;
  readonly required: boolean;
}

const templates: readonly StageTemplate[] = [
  {
    id: 'distro-deps',
    title: 'distro build deps: package manager set-up and the flattened package list',
    source: (d) => `distros/${d}/build/deps.sh`,
    script: 'distro/deps.sh',
    required: true,
  },
  {
    id: 'common-build',
    title: 'common build: layout shared by every distro',
    source: () => 'common/build/build.sh',
    script: 'common/build.sh',
    required: true,
  },
  {
    id: 'distro-system',
    title: 'custom build hook of the distro',
    source: (d) => `distros/${d}/build/system.sh`,
    script: 'distro/system.sh',
    required: false,
  },
  {
    id: 'common-system',
    title: 'custom build hook for every distro',
    source: () => 'common/build/system.sh',
    script: 'common/system.sh',
    required: false,
  },
  {
    id: 'distro-cleanup',
    title: 'cleanup: no package caches or lists in the image',
    source: (d) => `distros/${d}/build/cleanup.sh`,
    script: 'distro/cleanup.sh',
    required: true,
  },
  {
    id: 'root-common',
    title: 'root overlay for every distro',
    source: () => 'common/root/',
    script: null,
    required: false,
  },
  {
    id: 'root-distro',
    title: 'root overlay of the distro',
    source: (d) => `distros/${d}/root/`,
    script: null,
    required: false,
  },
];

/** A required stage script is missing from the repository. */
export interface MissingStage {
  readonly id: StageId;
  readonly source: string;
}

/**
 * Plans the build of `distro`. `exists` tells whether a repository path exists;
 * it is the only I/O, so the plan is testable without files.
 */
export function planStages(
  distro: string,
  exists: (repoPath: string) => boolean,
): { stages: readonly Stage[]; missing: readonly MissingStage[] } {
  const stages: Stage[] = [];
  const missing: MissingStage[] = [];
  templates.forEach((template, i) => {
    const source = template.source(distro);
    const present = exists(source);
    if (template.required && !present) missing.push({ id: template.id, source });
    stages.push(
      Object.freeze({
        index: i + 1,
        id: template.id,
        title: template.title,
        source,
        script: template.script,
        kind: template.script === null ? 'copy' : 'runner',
        present,
      }),
    );
  });
  return { stages: Object.freeze(stages), missing: Object.freeze(missing) };
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
