import type { AccountDatabase } from './account-database.ts';
import type { UserIdentity } from './user-env.ts';

/** Inputs of {@link planUser} besides the account files. */
export interface UserPlanInput {
  readonly user: UserIdentity;
  /** Home folder the user should have. */
  readonly home: string;
  /** Login shell for a new user. */
  readonly shell: string;
  /** Supplementary groups the user should be in (audio, video, render, GPU node groups), by gid. */
  readonly extraGroupIds: readonly number[];
  /** Whether the current shadow hash already matches PASSWORD; `undefined` when it cannot be checked. */
  readonly passwordMatches: boolean | undefined;
}

/** A command to run as root, with what it is for (for the log and errors). */
export interface AccountCommand {
  readonly why: string;
  readonly argv: readonly string[];
  /** Text fed to stdin (chpasswd reads `user:password`). */
  readonly stdin?: string;
}

/** Name of a group made for a GPU node whose gid has no group in this image. */
function gpuGroupName(gid: number): string {
  return `helios-gpu-${gid}`;
}

/**
 * The account commands that bring /etc/passwd, group and shadow to the wanted
 * state, and nothing when they are already there, so a `docker restart`
 * changes none of those files.
 */
export function planUser(db: AccountDatabase, input: UserPlanInput): AccountCommand[] {
  const { user, home, shell, extraGroupIds } = input;
  const commands: AccountCommand[] = [];
  const groupsByGid = new Map(db.groups.map((group) => [group.gid, group]));

  if (!groupsByGid.has(user.gid)) {
    const sameName = db.groups.find((group) => group.name === user.name);
    commands.push(
      sameName
        ? {
            why: `change group ${user.name} to gid ${user.gid}`,
            argv: ['groupmod', '-g', String(user.gid), user.name],
          }
        : {
            why: `create group ${user.name} (${user.gid})`,
            argv: ['groupadd', '-g', String(user.gid), user.name],
          },
    );
  }
  for (const gid of extraGroupIds) {
    if (!groupsByGid.has(gid) && gid !== user.gid) {
      commands.push({
        why: `create group for gid ${gid}`,
        argv: ['groupadd', '-g', String(gid), gpuGroupName(gid)],
      });
    }
  }

  const existing = db.passwd.find((entry) => entry.name === user.name);
  const uidTakenByOther = db.passwd.some((entry) => entry.uid === user.uid && entry.name !== user.name);
  const nonUnique = uidTakenByOther ? ['-o'] : [];
  if (!existing) {
    commands.push({
      why: `create user ${user.name} (${user.uid})`,
      argv: [
        'useradd',
        '-M',
        '-d',
        home,
        '-s',
        shell,
        '-u',
        String(user.uid),
        '-g',
        String(user.gid),
        ...nonUnique,
        user.name,
      ],
    });
  } else {
    const changes: string[] = [];
    if (existing.uid !== user.uid) changes.push('-u', String(user.uid), ...nonUnique);
    if (existing.gid !== user.gid) changes.push('-g', String(user.gid));
    if (existing.home !== home) changes.push('-d', home);
    if (changes.length > 0) {
      commands.push({ why: `update user ${user.name}`, argv: ['usermod', ...changes, user.name] });
    }
  }

  const memberOf = new Set(
    db.groups.filter((group) => group.members.includes(user.name)).map((group) => group.gid),
  );
  const missing = extraGroupIds.filter((gid) => gid !== user.gid && !memberOf.has(gid));
  if (missing.length > 0) {
    const names = missing.map((gid) => groupsByGid.get(gid)?.name ?? gpuGroupName(gid));
    commands.push({
      why: `add ${user.name} to ${names.join(', ')}`,
      argv: ['usermod', '-a', '-G', names.join(','), user.name],
    });
  }

  if (user.password !== undefined && input.passwordMatches !== true) {
    commands.push({
      why: `set the password of ${user.name}`,
      argv: ['chpasswd'],
      stdin: `${user.name}:${user.password}\n`,
    });
  }
  return commands;
}
