import { describe, expect, it } from 'vitest';
import {
  type PathProbe,
  type PrivilegeFacts,
  type PrivilegePlan,
  planPrivileges,
  type RestrictedPlan,
  userEntryEnv,
} from './privilege-plan.ts';
import { runtimeDirs } from './runtime-dirs.ts';

const IMAGE_PASSWD = 'root:x:0:0:root:/root:/bin/bash\nubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n';
const IMAGE_GROUP = 'root:x:0:\naudio:x:29:\nubuntu:x:1000:\n';

/** A container started with --read-only --tmpfs /tmp --tmpfs /run and a home volume of uid 1234. */
const RESTRICTED_FS: Record<string, PathProbe> = {
  '/home/ada': { kind: 'dir', uid: 1234, writable: true },
  '/run/helios': { kind: 'missing', ancestor: '/run', ancestorWritable: true },
  '/run/user': { kind: 'missing', ancestor: '/run', ancestorWritable: true },
  '/run/user/1234': { kind: 'missing', ancestor: '/run', ancestorWritable: true },
  '/tmp/.X11-unix': { kind: 'missing', ancestor: '/tmp', ancestorWritable: true },
  '/tmp/.ICE-unix': { kind: 'missing', ancestor: '/tmp', ancestorWritable: true },
  '/usr/share/applications': { kind: 'dir', uid: 0, writable: false },
};

function facts(overrides: Partial<PrivilegeFacts> = {}, fs: Record<string, PathProbe> = {}): PrivilegeFacts {
  const files = { ...RESTRICTED_FS, ...fs };
  return {
    running: { uid: 1234, gid: 2345 },
    user: { name: 'ada', uid: 1234, gid: 2345, password: undefined },
    home: '/home/ada',
    shell: '/bin/bash',
    passwdText: IMAGE_PASSWD,
    groupText: IMAGE_GROUP,
    nssWrapper: '/usr/lib/x86_64-linux-gnu/libnss_wrapper.so',
    runDir: '/run/helios',
    runtimeDirs: runtimeDirs('/run/helios', '/run/user', 1234, 2345),
    applicationsDir: '/usr/share/applications',
    linksDesktopFiles: false,
    probe: (path) => files[path] ?? { kind: 'missing', ancestor: '/', ancestorWritable: false },
    ...overrides,
  };
}

function restrictedPlan(input: PrivilegeFacts): RestrictedPlan {
  const decision = planPrivileges(input);
  if (!decision.ok) throw new Error(`expected a plan, got:\n${decision.problems.join('\n')}`);
  expect(decision.plan.mode).toBe('restricted');
  return decision.plan as RestrictedPlan;
}

function problemsOf(input: PrivilegeFacts): readonly string[] {
  const decision = planPrivileges(input);
  if (decision.ok) throw new Error('expected problems, got a plan');
  return decision.problems;
}

describe('planPrivileges', () => {
  it('keeps the root boot of today for uid 0', () => {
    const plan: PrivilegePlan = { mode: 'root' };
    expect(planPrivileges(facts({ running: { uid: 0, gid: 0 } }))).toEqual({ ok: true, plan });
  });

  it('presents the user through nss_wrapper files in the run folder when the image has no entry', () => {
    const plan = restrictedPlan(facts());
    expect(plan.userEntry).toEqual({
      kind: 'nss-wrapper',
      library: '/usr/lib/x86_64-linux-gnu/libnss_wrapper.so',
      passwdFile: '/run/helios/passwd',
      groupFile: '/run/helios/group',
      passwd: `ada:x:1234:2345:ada:/home/ada:/bin/bash\n${IMAGE_PASSWD}`,
      group: `ada:x:2345:\n${IMAGE_GROUP}`,
    });
    expect(plan.home).toBe('/home/ada');
    expect(plan.seedHome).toBe(false);
  });

  it('puts the user before an image user of the same uid, so getpwuid answers with USER', () => {
    const plan = restrictedPlan(
      facts(
        {
          running: { uid: 1000, gid: 1000 },
          user: { name: 'ada', uid: 1000, gid: 1000, password: undefined },
          runtimeDirs: runtimeDirs('/run/helios', '/run/user', 1000, 1000),
        },
        { '/run/user/1000': { kind: 'missing', ancestor: '/run', ancestorWritable: true } },
      ),
    );
    expect(plan.userEntry).toMatchObject({
      passwd: `ada:x:1000:1000:ada:/home/ada:/bin/bash\n${IMAGE_PASSWD}`,
      // gid 1000 already has a group (ubuntu): no second one.
      group: IMAGE_GROUP,
    });
  });

  it('replaces an image entry of the same name and another uid', () => {
    const plan = restrictedPlan(facts({ passwdText: `${IMAGE_PASSWD}ada:x:999:999::/home/ada:/bin/sh\n` }));
    expect(plan.userEntry).toMatchObject({
      passwd: `ada:x:1234:2345:ada:/home/ada:/bin/bash\n${IMAGE_PASSWD}`,
    });
  });

  it('uses the image entry as it is when the image lists this uid under USER', () => {
    const plan = restrictedPlan(
      facts(
        { passwdText: `${IMAGE_PASSWD}ada:x:1234:2345::/srv/ada:/bin/zsh\n`, nssWrapper: undefined },
        {
          '/srv/ada': { kind: 'dir', uid: 1234, writable: true },
        },
      ),
    );
    expect(plan).toMatchObject({ userEntry: { kind: 'image' }, home: '/srv/ada', shell: '/bin/zsh' });
    expect(userEntryEnv(plan.userEntry)).toEqual({});
  });

  it('runs with gid 0 when --user gave no group, reusing the root group', () => {
    const plan = restrictedPlan(
      facts({
        running: { uid: 1234, gid: 0 },
        user: { name: 'ada', uid: 1234, gid: 0, password: undefined },
      }),
    );
    expect(plan.userEntry).toMatchObject({ group: IMAGE_GROUP });
  });

  it('makes a missing home from the skeleton when its parent is writable', () => {
    const plan = restrictedPlan(
      facts({}, { '/home/ada': { kind: 'missing', ancestor: '/home', ancestorWritable: true } }),
    );
    expect(plan.seedHome).toBe(true);
  });

  it('creates the runtime folders it may, and keeps writable shared ones of root', () => {
    const plan = restrictedPlan(
      facts(
        {},
        {
          '/tmp/.X11-unix': { kind: 'dir', uid: 0, writable: true },
          '/run/user/1234': { kind: 'dir', uid: 1234, writable: true },
        },
      ),
    );
    expect(plan.dirs).toEqual([
      { path: '/run/helios', mode: 0o755, action: 'create' },
      { path: '/run/user', mode: 0o755, action: 'create' },
      { path: '/run/user/1234', mode: 0o700, action: 'chmod' },
      { path: '/tmp/.X11-unix', mode: 0o1777, action: 'keep' },
      { path: '/tmp/.ICE-unix', mode: 0o1777, action: 'create' },
    ]);
  });

  it('lists what a root boot does and this one skips, and ignores PASSWORD with a warning', () => {
    const plan = restrictedPlan(facts({ user: { name: 'ada', uid: 1234, gid: 2345, password: 'pw' } }));
    expect(plan.skipped.join('\n')).toMatch(/useradd/);
    expect(plan.skipped.join('\n')).toMatch(/setpriv/);
    expect(plan.skipped.join('\n')).toMatch(/--group-add/);
    expect(plan.warnings).toEqual(['PASSWORD is ignored: without root there is no account to set it on']);
  });

  it("links DESKTOP_FILES into the user's XDG data folder when the image's folder is read-only", () => {
    expect(restrictedPlan(facts({ linksDesktopFiles: true })).applicationsDir).toBe(
      '/home/ada/.local/share/applications',
    );
    expect(
      restrictedPlan(
        facts(
          { linksDesktopFiles: true },
          { '/usr/share/applications': { kind: 'dir', uid: 0, writable: true } },
        ),
      ).applicationsDir,
    ).toBe('/usr/share/applications');
  });

  describe('refuses a start that cannot work', () => {
    it('without a writable HOME, naming the volume or tmpfs that fixes it', () => {
      expect(
        problemsOf(
          facts({}, { '/home/ada': { kind: 'missing', ancestor: '/home', ancestorWritable: false } }),
        ),
      ).toEqual([
        'HOME /home/ada does not exist and /home is not writable by uid 1234 (expected a home folder uid 1234 ' +
          'can write); mount a volume uid 1234 can write on /home/ada: a host folder (chown 1234:2345 it, then ' +
          '-v /that/folder:/home/ada), or --tmpfs /home/ada:uid=1234,gid=2345 for a throw-away home; ' +
          'in Kubernetes a volume with securityContext.fsGroup: 2345',
      ]);
    });

    it('with a home volume that belongs to root (a fresh Docker volume)', () => {
      expect(problemsOf(facts({}, { '/home/ada': { kind: 'dir', uid: 0, writable: false } }))[0]).toMatch(
        /^HOME \/home\/ada belongs to uid 0 and is not writable by uid 1234 .*chown 1234:2345/,
      );
    });

    it('without a writable /run and /tmp, one line per folder to mount, every problem at once', () => {
      const problems = problemsOf(
        facts(
          {},
          {
            '/run/helios': { kind: 'dir', uid: 0, writable: false },
            '/run/user': { kind: 'missing', ancestor: '/run', ancestorWritable: false },
            '/run/user/1234': { kind: 'missing', ancestor: '/run', ancestorWritable: false },
            '/tmp/.X11-unix': { kind: 'dir', uid: 0, writable: false },
            '/tmp/.ICE-unix': { kind: 'missing', ancestor: '/tmp', ancestorWritable: false },
          },
        ),
      );
      expect(problems).toEqual([
        '/run/helios belongs to uid 0 and is not writable (expected a folder uid 1234 can write); mount a tmpfs the uid can write on /run (docker run --tmpfs /run:uid=1234,gid=2345; ' +
          'Compose: tmpfs: [/run:uid=1234,gid=2345]; Kubernetes: an emptyDir volume)',
        '/tmp/.X11-unix belongs to uid 0 and is not writable (expected a folder uid 1234 can write); mount a tmpfs the uid can write on /tmp (docker run --tmpfs /tmp:uid=1234,gid=2345; ' +
          'Compose: tmpfs: [/tmp:uid=1234,gid=2345]; Kubernetes: an emptyDir volume)',
        '/run is not writable by uid 1234, so /run/user, /run/user/1234 cannot be made (expected a writable ' +
          '/run); mount a tmpfs the uid can write on /run (docker run --tmpfs /run:uid=1234,gid=2345; Compose: ' +
          'tmpfs: [/run:uid=1234,gid=2345]; Kubernetes: an emptyDir volume)',
        '/tmp is not writable by uid 1234, so /tmp/.ICE-unix cannot be made (expected a writable /tmp); mount ' +
          'a tmpfs the uid can write on /tmp (docker run --tmpfs /tmp:uid=1234,gid=2345; Compose: tmpfs: ' +
          '[/tmp:uid=1234,gid=2345]; Kubernetes: an emptyDir volume)',
      ]);
    });

    it('with an XDG_RUNTIME_DIR of another uid, which PulseAudio would refuse', () => {
      expect(problemsOf(facts({}, { '/run/user/1234': { kind: 'dir', uid: 0, writable: true } }))).toEqual([
        '/run/user/1234 belongs to uid 0 (expected a folder of uid 1234); mount a tmpfs the uid can ' +
          'write on /run (docker run --tmpfs /run:uid=1234,gid=2345; Compose: tmpfs: [/run:uid=1234,gid=2345]; Kubernetes: ' +
          'an emptyDir volume)',
      ]);
    });

    it('with a HELIOS_NSS_WRAPPER that points at nothing, naming the variable', () => {
      expect(problemsOf(facts({ nssWrapper: undefined, nssWrapperSetting: '/opt/nss.so' }))).toEqual([
        'HELIOS_NSS_WRAPPER=/opt/nss.so does not exist (expected the path of libnss_wrapper.so to present ' +
          'uid 1234 as ada); fix the path or leave the variable out to search the usual folders',
      ]);
    });

    it('without nss_wrapper for a uid the image does not list', () => {
      expect(problemsOf(facts({ nssWrapper: undefined }))).toEqual([
        "uid 1234 has no entry named ada in the image's /etc/passwd, and libnss_wrapper.so is not in the " +
          'image to present one (XFCE, PulseAudio and D-Bus look the user up by uid); install libnss-wrapper ' +
          'in the image (Debian, Ubuntu), set HELIOS_NSS_WRAPPER to its path, or run as a uid the image lists ' +
          'under USER (FROM the image: RUN useradd -u 1234 ada)',
      ]);
    });
  });
});

describe('userEntryEnv', () => {
  const entry = {
    kind: 'nss-wrapper',
    library: '/usr/lib/libnss_wrapper.so',
    passwdFile: '/run/helios/passwd',
    groupFile: '/run/helios/group',
    passwd: '',
    group: '',
  } as const;

  it('preloads nss_wrapper and points it at the presented files', () => {
    expect(userEntryEnv(entry)).toEqual({
      LD_PRELOAD: '/usr/lib/libnss_wrapper.so',
      NSS_WRAPPER_PASSWD: '/run/helios/passwd',
      NSS_WRAPPER_GROUP: '/run/helios/group',
    });
  });

  it("keeps the container's own LD_PRELOAD first", () => {
    expect(userEntryEnv(entry, '/opt/libfoo.so').LD_PRELOAD).toBe(
      '/opt/libfoo.so:/usr/lib/libnss_wrapper.so',
    );
  });
});
