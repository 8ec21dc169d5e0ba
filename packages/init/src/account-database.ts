/** One line of /etc/passwd. */
export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
  readonly shell: string;
}

/** One line of /etc/group. */
export interface GroupEntry {
  readonly name: string;
  readonly gid: number;
  readonly members: readonly string[];
}

/** The account files as far as user setup cares. */
export interface AccountDatabase {
  readonly passwd: readonly PasswdEntry[];
  readonly groups: readonly GroupEntry[];
  /** Password hash by user name, from /etc/shadow. */
  readonly shadow: ReadonlyMap<string, string>;
}

function lines(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split(':'));
}

/** Parses the text of /etc/passwd; malformed lines are skipped as the C library does. */
export function parsePasswd(text: string): PasswdEntry[] {
  return lines(text)
    .filter((fields) => fields.length >= 7)
    .map(([name, , uid, gid, , home, shell]) => ({
      name: name as string,
      uid: Number(uid),
      gid: Number(gid),
      home: home as string,
      shell: shell as string,
    }));
}

/** Parses the text of /etc/group. */
export function parseGroup(text: string): GroupEntry[] {
  return lines(text)
    .filter((fields) => fields.length >= 4)
    .map(([name, , gid, members]) => ({
      name: name as string,
      gid: Number(gid),
      members: (members as string).split(',').filter(Boolean),
    }));
}

/** Parses the text of /etc/shadow into hashes by user name. */
export function parseShadow(text: string): Map<string, string> {
  return new Map(
    lines(text)
      .filter((fields) => fields.length >= 2)
      .map(([name, hash]) => [name as string, hash as string]),
  );
}

/**
 * Every group id a user belongs to: its primary group, then the groups that
 * list it as a member, in file order without duplicates.
 */
export function groupIdsOf(db: AccountDatabase, name: string, primaryGid: number): number[] {
  const ids = [primaryGid];
  for (const group of db.groups) {
    if (group.members.includes(name) && !ids.includes(group.gid)) ids.push(group.gid);
  }
  return ids;
}
