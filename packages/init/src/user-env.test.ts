import { describe, expect, it } from 'vitest';
import { EnvError } from './errors.ts';
import { parseUserEnv } from './user-env.ts';

function issuesOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    parseUserEnv(env);
  } catch (error) {
    if (error instanceof EnvError) return error.issues;
    throw error;
  }
  throw new Error('expected an EnvError');
}

describe('parseUserEnv', () => {
  it('returns a frozen identity with GID defaulting to UID', () => {
    const user = parseUserEnv({ USER: 'alice', UID: '1000' });
    expect(user).toEqual({ name: 'alice', uid: 1000, gid: 1000, password: undefined });
    expect(Object.isFrozen(user)).toBe(true);
  });

  it('keeps an explicit GID and PASSWORD', () => {
    expect(parseUserEnv({ USER: 'bob', UID: '1001', GID: '100', PASSWORD: 'pw' })).toEqual({
      name: 'bob',
      uid: 1001,
      gid: 100,
      password: 'pw',
    });
  });

  it('refuses a missing USER and UID with both messages at once', () => {
    expect(issuesOf({})).toEqual([
      'USER: USER is required (expected a value, received nothing)',
      'UID: UID is required (expected a value, received nothing)',
    ]);
  });

  it('refuses root', () => {
    expect(issuesOf({ USER: 'root', UID: '1000' })).toEqual([
      'USER: must not be root (expected a regular user name, received "root")',
    ]);
  });

  it('refuses a name that is not a portable POSIX user name', () => {
    expect(issuesOf({ USER: 'Bad Name', UID: '1000' })).toEqual([
      'USER: is not a portable POSIX user name (expected lowercase letters, digits, _ or -, ' +
        'not starting with a digit or -, received "Bad Name")',
    ]);
    expect(issuesOf({ USER: '-x', UID: '1000' })).toHaveLength(1);
    expect(issuesOf({ USER: '1abc', UID: '1000' })).toHaveLength(1);
  });

  it('refuses a name longer than 32 characters', () => {
    expect(issuesOf({ USER: 'a'.repeat(33), UID: '1000' })).toEqual([
      'USER: is too long (expected at most 32 characters, received 33)',
    ]);
  });

  it('refuses UID 0, non-numeric and out-of-range ids', () => {
    expect(issuesOf({ USER: 'alice', UID: '0' })).toEqual([
      'UID: UID 0 is root, which the desktop must not run as (expected 1-2147483647, received "0")',
    ]);
    expect(issuesOf({ USER: 'alice', UID: 'abc' })).toEqual([
      'UID: must be a decimal number (expected 1-2147483647, received "abc")',
    ]);
    expect(issuesOf({ USER: 'alice', UID: '1000', GID: '4294967296' })).toEqual([
      'GID: out of range (expected 1-2147483647, received "4294967296")',
    ]);
    expect(issuesOf({ USER: 'alice', UID: '-5' })).toHaveLength(1);
  });

  it('carries the stable code', () => {
    expect(() => parseUserEnv({ USER: 'root', UID: '1' })).toThrow(
      expect.objectContaining({ code: 'HELIOS_INIT_ENV_INVALID' }),
    );
  });

  describe('in restricted mode (running as a uid other than root)', () => {
    const running = { uid: 1234, gid: 2345 };

    it('takes UID and GID from the running ids when they are left out', () => {
      expect(parseUserEnv({ USER: 'ada' }, running)).toEqual({
        name: 'ada',
        uid: 1234,
        gid: 2345,
        password: undefined,
      });
    });

    it('accepts gid 0 from --user UID without a group', () => {
      expect(parseUserEnv({ USER: 'ada', UID: '1234' }, { uid: 1234, gid: 0 }).gid).toBe(0);
      expect(parseUserEnv({ USER: 'ada', GID: '0' }, { uid: 1234, gid: 0 }).gid).toBe(0);
    });

    it('refuses a UID or GID that says something else than --user, naming both', () => {
      let issues: readonly string[] = [];
      try {
        parseUserEnv({ USER: 'ada', UID: '1000', GID: '1000' }, running);
      } catch (error) {
        issues = (error as EnvError).issues;
      }
      expect(issues).toEqual([
        'UID: does not match the user the container runs as (expected 1234 as in --user 1234:2345, ' +
          'received "1000"); set it to 1234 or leave it out',
        'GID: does not match the group the container runs as (expected 2345 as in --user 1234:2345, ' +
          'received "1000"); set it to 2345 or leave it out',
      ]);
    });

    it('behaves as before when the running uid is root', () => {
      expect(() => parseUserEnv({ USER: 'ada' }, { uid: 0, gid: 0 })).toThrow('UID is required');
    });
  });
});
