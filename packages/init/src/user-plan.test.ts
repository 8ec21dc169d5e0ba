import { describe, expect, it } from 'vitest';
import {
  type AccountDatabase,
  groupIdsOf,
  parseGroup,
  parsePasswd,
  parseShadow,
} from './account-database.ts';
import { planUser, type UserPlanInput } from './user-plan.ts';

const db = (passwd: string, group: string): AccountDatabase => ({
  passwd: parsePasswd(passwd),
  groups: parseGroup(group),
  shadow: parseShadow(''),
});
const BASE_PASSWD = 'root:x:0:0:root:/root:/bin/bash\n';
const BASE_GROUP = 'root:x:0:\naudio:x:29:\nvideo:x:44:\n';
const input = (extra: Partial<UserPlanInput> = {}): UserPlanInput => ({
  user: { name: 'alice', uid: 1000, gid: 1000, password: undefined },
  home: '/home/alice',
  shell: '/bin/bash',
  extraGroupIds: [29, 44],
  passwordMatches: undefined,
  ...extra,
});

describe('planUser', () => {
  it('creates group, user, memberships and password on a fresh image', () => {
    const commands = planUser(
      db(BASE_PASSWD, BASE_GROUP),
      input({ user: { ...input().user, password: 'pw' } }),
    );
    expect(commands.map((c) => c.argv)).toEqual([
      ['groupadd', '-g', '1000', 'alice'],
      ['useradd', '-M', '-d', '/home/alice', '-s', '/bin/bash', '-u', '1000', '-g', '1000', 'alice'],
      ['usermod', '-a', '-G', 'audio,video', 'alice'],
      ['chpasswd'],
    ]);
    expect(commands.at(-1)?.stdin).toBe('alice:pw\n');
  });

  it('plans nothing when everything is already in place', () => {
    const passwd = `${BASE_PASSWD}alice:x:1000:1000::/home/alice:/bin/bash\n`;
    const group = 'root:x:0:\naudio:x:29:alice\nvideo:x:44:bob,alice\nalice:x:1000:\n';
    const commands = planUser(
      db(passwd, group),
      input({ user: { ...input().user, password: 'pw' }, passwordMatches: true }),
    );
    expect(commands).toEqual([]);
  });

  it('updates a user whose uid or gid changed between boots', () => {
    const passwd = `${BASE_PASSWD}alice:x:1000:1000::/home/alice:/bin/bash\n`;
    const group = `${BASE_GROUP.replace('audio:x:29:', 'audio:x:29:alice').replace('video:x:44:', 'video:x:44:alice')}alice:x:1000:\n`;
    const commands = planUser(db(passwd, group), input({ user: { ...input().user, uid: 1001, gid: 1001 } }));
    expect(commands.map((c) => c.argv)).toEqual([
      ['groupmod', '-g', '1001', 'alice'],
      ['usermod', '-u', '1001', '-g', '1001', 'alice'],
    ]);
  });

  it('shares a uid already taken by an image user instead of failing', () => {
    const passwd = `${BASE_PASSWD}ubuntu:x:1000:1000::/home/ubuntu:/bin/bash\n`;
    const group = `${BASE_GROUP}ubuntu:x:1000:\n`;
    const commands = planUser(db(passwd, group), input({ extraGroupIds: [] }));
    expect(commands.map((c) => c.argv)).toEqual([
      ['useradd', '-M', '-d', '/home/alice', '-s', '/bin/bash', '-u', '1000', '-g', '1000', '-o', 'alice'],
    ]);
  });

  it('makes a group for a GPU node gid the image does not know', () => {
    const commands = planUser(db(BASE_PASSWD, BASE_GROUP), input({ extraGroupIds: [993] }));
    expect(commands.map((c) => c.argv)).toContainEqual(['groupadd', '-g', '993', 'helios-gpu-993']);
    expect(commands.map((c) => c.argv)).toContainEqual(['usermod', '-a', '-G', 'helios-gpu-993', 'alice']);
  });
});

describe('groupIdsOf', () => {
  it('lists the primary group first, then memberships once each', () => {
    const database = db(BASE_PASSWD, 'a:x:29:alice\nb:x:44:bob\nc:x:1000:alice\n');
    expect(groupIdsOf(database, 'alice', 1000)).toEqual([1000, 29]);
  });
});

describe('parseShadow', () => {
  it('maps names to hashes and skips comments', () => {
    expect(parseShadow('# x\nalice:$y$abc:1:0:99999:7:::\n')).toEqual(new Map([['alice', '$y$abc']]));
  });
});
