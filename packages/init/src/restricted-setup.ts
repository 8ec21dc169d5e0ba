import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { RestrictedSetupError, RuntimeDirError } from './errors.ts';
import { seedHome } from './home-folder.ts';
import {
  type PathProbe,
  type PrivilegeFacts,
  planPrivileges,
  type RestrictedPlan,
} from './privilege-plan.ts';
import type { RuntimeDir } from './runtime-dirs.ts';
import type { RunningIds, UserIdentity } from './user-env.ts';
import type { UserAccount } from './user-setup.ts';

/** Who this process runs as; uid 0 means the root boot. */
export function runningIds(): RunningIds {
  return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What is at `path` for this process: a folder (whose, writable?), something else, or nothing. */
function probePath(path: string): PathProbe {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat)
    return stat.isDirectory() ? { kind: 'dir', uid: stat.uid, writable: writable(path) } : { kind: 'other' };
  let ancestor = dirname(path);
  while (ancestor !== '/' && !existsSync(ancestor)) ancestor = dirname(ancestor);
  return { kind: 'missing', ancestor, ancestorWritable: writable(ancestor) };
}

/** libnss_wrapper.so of the image: the explicit path, else the usual library folders. */
function findNssWrapper(explicit: string | undefined): string | undefined {
  if (explicit !== undefined) return existsSync(explicit) ? explicit : undefined;
  const folders = ['/usr/lib64', '/usr/lib', '/lib64', '/lib'];
  const triplets = ['/usr/lib', '/lib'].flatMap((root) => {
    try {
      return readdirSync(root)
        .filter((name) => /-linux-gnu/.test(name))
        .map((name) => join(root, name));
    } catch {
      return [];
    }
  });
  return [...triplets, ...folders]
    .map((folder) => join(folder, 'libnss_wrapper.so'))
    .find((file) => existsSync(file));
}

/** Options of {@link planRestricted}. */
export interface RestrictedFactsInput {
  readonly running: RunningIds;
  readonly user: UserIdentity;
  readonly homeRoot: string;
  readonly runDir: string;
  readonly runtimeDirs: readonly RuntimeDir[];
  readonly applicationsDir: string;
  readonly linksDesktopFiles: boolean;
  readonly nssWrapper: string | undefined;
}

/**
 * Gathers the facts from the file system and decides with
 * {@link planPrivileges}; `undefined` as root.
 *
 * @throws {RestrictedSetupError} `HELIOS_INIT_RESTRICTED_SETUP_FAILED` listing every problem.
 */
export function planRestricted(input: RestrictedFactsInput): RestrictedPlan | undefined {
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const facts: PrivilegeFacts = {
    running: input.running,
    user: input.user,
    home: `${input.homeRoot}/${input.user.name}`,
    shell: existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh',
    passwdText: read('/etc/passwd'),
    groupText: read('/etc/group'),
    nssWrapper: findNssWrapper(input.nssWrapper),
    nssWrapperSetting: input.nssWrapper,
    runDir: input.runDir,
    runtimeDirs: input.runtimeDirs,
    applicationsDir: input.applicationsDir,
    linksDesktopFiles: input.linksDesktopFiles,
    probe: probePath,
  };
  const decision = planPrivileges(facts);
  if (!decision.ok) throw new RestrictedSetupError(input.running, decision.problems);
  return decision.plan.mode === 'restricted' ? decision.plan : undefined;
}

/** Writes `text` to `file` atomically, world-readable as /etc/passwd is. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o644 });
  renameSync(temporary, file);
}

/**
 * Carries out a restricted plan: the runtime folders, the presented passwd
 * and group files, and a new home from the skeleton. Nothing is chowned.
 *
 * @throws {RuntimeDirError} `HELIOS_INIT_RUNTIME_DIR_FAILED` for a folder or file that cannot be written.
 * @throws {UserSetupError} `HELIOS_INIT_USER_SETUP_FAILED` when the new home cannot be made (see {@link seedHome}).
 */
export function applyRestrictedPlan(
  plan: RestrictedPlan,
  options: { readonly skelDir: string; readonly log: (message: string) => void },
): UserAccount {
  const { log } = options;
  for (const dir of plan.dirs) {
    if (dir.action === 'keep') continue;
    try {
      mkdirSync(dir.path, { recursive: true, mode: dir.mode });
      chmodSync(dir.path, dir.mode);
    } catch (cause) {
      throw new RuntimeDirError(dir.path, cause);
    }
  }
  const entry = plan.userEntry;
  if (entry.kind === 'nss-wrapper') {
    for (const [file, text] of [
      [entry.passwdFile, entry.passwd],
      [entry.groupFile, entry.group],
    ] as const) {
      try {
        writeAtomically(file, text);
      } catch (cause) {
        throw new RuntimeDirError(file, cause);
      }
    }
    log(`user entry: ${entry.passwdFile} and ${entry.groupFile} through nss_wrapper (${entry.library})`);
  } else {
    log('user entry: the image lists this uid in /etc/passwd');
  }
  if (plan.seedHome) {
    log(`create ${plan.home} from ${options.skelDir}`);
    seedHome({ home: plan.home, skelDir: options.skelDir });
  }
  const gid = process.getgid?.() ?? 0;
  // The groups the kernel gave this process (--user, --group-add) are all a service can have.
  const groupIds = [gid, ...(process.getgroups?.() ?? []).filter((id) => id !== gid)];
  return Object.freeze({ home: plan.home, shell: plan.shell, groupIds: Object.freeze(groupIds) });
}
