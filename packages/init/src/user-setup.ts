import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AccountDatabase,
  groupIdsOf,
  parseGroup,
  parsePasswd,
  parseShadow,
} from './account-database.ts';
import { UserSetupError } from './errors.ts';
import { chownTree, seedHome } from './home-folder.ts';
import type { NativeLibc } from './native-libc.ts';
import type { UserIdentity } from './user-env.ts';
import { planUser } from './user-plan.ts';

/** Groups the desktop user joins when the image has them. */
const SESSION_GROUPS = ['audio', 'video', 'render'];

/** Options of {@link setupUser}. */
export interface UserSetupOptions {
  readonly user: UserIdentity;
  /** Parent of home folders. @default "/home" */
  readonly homeRoot: string;
  /** Template of a new home. @default "/etc/skel" */
  readonly skelDir: string;
  /** crypt(3), to leave a matching password alone; without it the password is always set. */
  readonly native: NativeLibc | undefined;
  readonly log: (message: string) => void;
}

/** The user as services need it, after setup. */
export interface UserAccount {
  readonly home: string;
  readonly shell: string;
  /** Primary and supplementary group ids, for setpriv. */
  readonly groupIds: readonly number[];
}

function readDatabase(): AccountDatabase {
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  return {
    passwd: parsePasswd(read('/etc/passwd')),
    groups: parseGroup(read('/etc/group')),
    shadow: parseShadow(read('/etc/shadow')),
  };
}

/** Group ids of the GPU nodes, so the user can open them (root's group never counts). */
function gpuGroupIds(): number[] {
  if (!existsSync('/dev/dri')) return [];
  const ids = new Set<number>();
  for (const entry of readdirSync('/dev/dri')) {
    try {
      const { gid } = statSync(join('/dev/dri', entry));
      if (gid !== 0) ids.add(gid);
    } catch {
      // A node that vanished is no node to join.
    }
  }
  return [...ids];
}

/**
 * Makes the desktop user, its group and home exist as the environment asks,
 * changing nothing that is already right (a second boot leaves /etc/passwd,
 * group and shadow byte for byte as they were).
 *
 * @throws {UserSetupError} `HELIOS_INIT_USER_SETUP_FAILED`.
 */
export function setupUser(options: UserSetupOptions): UserAccount {
  const { user, log } = options;
  const home = `${options.homeRoot}/${user.name}`;
  const shell = existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
  let db: AccountDatabase;
  try {
    db = readDatabase();
  } catch (cause) {
    throw new UserSetupError('reading /etc/passwd, /etc/group and /etc/shadow', cause);
  }
  const extraGroupIds = [
    ...db.groups.filter((group) => SESSION_GROUPS.includes(group.name)).map((group) => group.gid),
    ...gpuGroupIds(),
  ].filter((gid, index, all) => all.indexOf(gid) === index);
  const hash = db.shadow.get(user.name);
  const passwordMatches =
    user.password === undefined || hash === undefined || !hash.startsWith('$') || !options.native
      ? undefined
      : options.native.crypt(user.password, hash) === hash;

  for (const command of planUser(db, { user, home, shell, extraGroupIds, passwordMatches })) {
    log(command.why);
    const [file, ...args] = command.argv;
    const result = spawnSync(file as string, args, { input: command.stdin, encoding: 'utf8' });
    if (result.error || result.status !== 0) {
      const detail = result.error?.message ?? `exit code ${result.status}: ${result.stderr.trim()}`;
      throw new UserSetupError(
        `running ${command.argv.join(' ')}`,
        new Error(detail, { cause: result.error }),
      );
    }
  }

  if (!existsSync(home)) {
    log(`create ${home} from ${options.skelDir}`);
    seedHome({ home, skelDir: options.skelDir, owner: user });
  } else {
    try {
      if (statSync(home).uid !== user.uid) {
        // A home mounted from a volume made under another UID: the user must own it to log in.
        log(`re-own ${home} for uid ${user.uid}`);
        chownTree(home, user.uid, user.gid);
      }
    } catch (cause) {
      throw new UserSetupError(`preparing home ${home}`, cause);
    }
  }

  const after = readDatabase();
  const entry = after.passwd.find((candidate) => candidate.name === user.name);
  return Object.freeze({
    home: entry?.home ?? home,
    shell: entry?.shell ?? shell,
    groupIds: Object.freeze(groupIdsOf(after, user.name, user.gid)),
  });
}
