/**
 * Whether this machine can run another architecture's programs, which an
 * emulated build needs twice: for debootstrap's second stage in a chroot,
 * and for every RUN of the Dockerfile. The kernel's binfmt_misc must hand
 * that architecture's ELF files to qemu-user-static, with the F
 * (fix-binary) flag: the kernel then opens qemu once, at registration, so it
 * works inside containers whose root file system has no qemu.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BuildError, ERROR_CODES } from './errors.ts';
import type { ArchPlan } from './image-arch.ts';

/** Where the kernel lists binfmt_misc entries. */
const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';

/** What was found in {@link BINFMT_DIR} for one entry. */
export interface BinfmtState {
  /** Whether binfmt_misc is mounted (its `register` file exists). */
  readonly mounted: boolean;
  /** Text of the entry's file (`enabled`, `interpreter …`, `flags: …`), or null when there is none. */
  readonly entry: string | null;
}

/** The decision on a {@link BinfmtState}: ready, or what is missing. */
export type BinfmtVerdict =
  | { readonly ready: true; readonly interpreter: string }
  | {
      readonly ready: false;
      readonly problem: 'not-mounted' | 'not-registered' | 'disabled' | 'no-fix-binary';
    };

/** Decides whether an emulated build can run with `state`. Pure. */
export function judgeBinfmt(state: BinfmtState): BinfmtVerdict {
  if (!state.mounted) return { ready: false, problem: 'not-mounted' };
  if (state.entry === null) return { ready: false, problem: 'not-registered' };
  const lines = state.entry.split('\n').map((line) => line.trim());
  if (!lines.includes('enabled')) return { ready: false, problem: 'disabled' };
  const flags =
    lines
      .find((line) => line.startsWith('flags:'))
      ?.slice('flags:'.length)
      .trim() ?? '';
  if (!flags.includes('F')) return { ready: false, problem: 'no-fix-binary' };
  const interpreter =
    lines.find((line) => line.startsWith('interpreter '))?.slice('interpreter '.length) ?? '';
  return { ready: true, interpreter };
}

const PROBLEMS: Readonly<Record<Exclude<BinfmtVerdict, { ready: true }>['problem'], string>> = {
  'not-mounted': `binfmt_misc is not mounted at ${BINFMT_DIR}`,
  'not-registered': 'no interpreter is registered for it',
  disabled: 'its interpreter is registered but disabled',
  'no-fix-binary':
    'its interpreter is registered without the F (fix-binary) flag, so containers cannot find it',
};

/**
 * The error for a machine that cannot run `plan`'s architecture: what is
 * missing and the commands that fix it.
 */
function binfmtError(plan: ArchPlan, problem: keyof typeof PROBLEMS): BuildError {
  return new BuildError(
    ERROR_CODES.NO_BINFMT,
    `Cannot build for ${plan.arch} on this machine: ${PROBLEMS[problem]} (${BINFMT_DIR}/${plan.binfmtEntry}). ` +
      'Install the emulator (apt-get install qemu-user-static) and register it with the F flag, as root: ' +
      (plan.arch === 'arm64' ? 'scripts/ensure-binfmt-arm64.sh in a Helios checkout, or ' : '') +
      '"systemctl restart systemd-binfmt" where systemd runs. ' +
      'Or build on a machine of that architecture.',
  );
}

/**
 * Checks that `plan` can be built here: nothing to check for a native build.
 * Reads binfmt_misc of the machine running the CLI, which is the engine's
 * kernel for a local Docker engine.
 * @throws {BuildError} `HELIOS_BUILD_NO_BINFMT` saying how to fix it.
 */
export function assertBinfmt(plan: ArchPlan, dir: string = BINFMT_DIR): void {
  if (plan.binfmtEntry === null) return;
  const entryPath = join(dir, plan.binfmtEntry);
  const verdict = judgeBinfmt({
    mounted: existsSync(join(dir, 'register')),
    entry: existsSync(entryPath) ? readFileSync(entryPath, 'utf8') : null,
  });
  if (!verdict.ready) throw binfmtError(plan, verdict.problem);
}
