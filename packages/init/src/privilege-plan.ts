import { parsePasswd } from './account-database.ts';
import type { RuntimeDir } from './runtime-dirs.ts';
import type { RunningIds, UserIdentity } from './user-env.ts';

/** What is at a path, as the running uid sees it. */
export type PathProbe =
  | { readonly kind: 'dir'; readonly uid: number; readonly writable: boolean }
  | { readonly kind: 'other' }
  | {
      readonly kind: 'missing';
      /** The nearest folder above that exists. */
      readonly ancestor: string;
      /** Whether the running uid may create entries in {@link ancestor}. */
      readonly ancestorWritable: boolean;
    };

/** Everything {@link planPrivileges} decides from; gathered by `restricted-setup.ts`. */
export interface PrivilegeFacts {
  /** Who helios-init runs as. */
  readonly running: RunningIds;
  /** The validated desktop user (in restricted mode its ids are the running ones). */
  readonly user: UserIdentity;
  /** `${HELIOS_HOME_ROOT}/${USER}`. */
  readonly home: string;
  /** Login shell for a presented entry. */
  readonly shell: string;
  /** The image's /etc/passwd and /etc/group, as text. */
  readonly passwdText: string;
  readonly groupText: string;
  /** Path of libnss_wrapper.so, when the image has it. */
  readonly nssWrapper: string | undefined;
  /** HELIOS_NSS_WRAPPER as given, to name it when it points at nothing. */
  readonly nssWrapperSetting?: string | undefined;
  /** Where init writes state.json and, in restricted mode, the presented passwd and group files. */
  readonly runDir: string;
  /** The runtime folders of the contract (see `runtimeDirs`). */
  readonly runtimeDirs: readonly RuntimeDir[];
  /** Where DESKTOP_FILES are linked, and whether there is anything to link. */
  readonly applicationsDir: string;
  readonly linksDesktopFiles: boolean;
  /** The file system as the running uid sees it. */
  readonly probe: (path: string) => PathProbe;
}

/** How the user entry reaches getpwuid() in restricted mode. */
export type UserEntrySource =
  | { readonly kind: 'image' }
  | {
      readonly kind: 'nss-wrapper';
      readonly library: string;
      readonly passwdFile: string;
      readonly groupFile: string;
      readonly passwd: string;
      readonly group: string;
    };

/** What to do with one runtime folder without root. */
export interface RestrictedDir {
  readonly path: string;
  readonly mode: number;
  /** `create` it, `chmod` it (ours already), or `keep` it (someone else's, but writable). */
  readonly action: 'create' | 'chmod' | 'keep';
}

/** Root: today's boot (accounts, chown, setpriv), nothing to decide here. */
export interface RootPlan {
  readonly mode: 'root';
}

/** Not root: present the user, prepare writable folders, run everything as the running uid. */
export interface RestrictedPlan {
  readonly mode: 'restricted';
  readonly home: string;
  readonly shell: string;
  /** Make the home from the skeleton (it is missing and its parent is writable). */
  readonly seedHome: boolean;
  readonly userEntry: UserEntrySource;
  readonly dirs: readonly RestrictedDir[];
  /** Where DESKTOP_FILES go: the image's folder when writable, else the user's XDG data folder. */
  readonly applicationsDir: string;
  /** The steps of a root boot that are skipped, for the log. */
  readonly skipped: readonly string[];
  /** Things the operator asked for that cannot happen without root. */
  readonly warnings: readonly string[];
}

/** How helios-init boots. */
export type PrivilegePlan = RootPlan | RestrictedPlan;

/** The outcome of {@link planPrivileges}: a plan, or every reason restricted mode cannot start. */
export type PrivilegeDecision =
  | { readonly ok: true; readonly plan: PrivilegePlan }
  | { readonly ok: false; readonly problems: readonly string[] };

/** `/run/user/1000` -> `/run`: where a tmpfs or volume would go. */
function mountPointOf(path: string): string {
  return `/${path.split('/').filter(Boolean)[0] ?? ''}`;
}

/**
 * Docker gives a tmpfs the mode and owner of the image's folder below it
 * (`/run` is root's 0755; `mode=` does not change that), so the fix names the ids.
 */
function tmpfsFix(mountPoint: string, running: RunningIds): string {
  const option = `${mountPoint}:uid=${running.uid},gid=${running.gid}`;
  return (
    `mount a tmpfs the uid can write on ${mountPoint} (docker run --tmpfs ${option}; ` +
    `Compose: tmpfs: [${option}]; Kubernetes: an emptyDir volume)`
  );
}

function homeFix(home: string, running: RunningIds): string {
  const { uid, gid } = running;
  return (
    `mount a volume uid ${uid} can write on ${home}: a host folder (chown ${uid}:${gid} it, then ` +
    `-v /that/folder:${home}), or --tmpfs ${home}:uid=${uid},gid=${gid} for a throw-away home; ` +
    `in Kubernetes a volume with securityContext.fsGroup: ${gid}`
  );
}

/** The presented passwd: the user first (getpwuid returns the first match), then the image's other entries. */
function renderPasswd(facts: PrivilegeFacts, home: string): string {
  const { user, shell } = facts;
  const others = facts.passwdText
    .split('\n')
    .filter((line) => line.trim() !== '' && line.split(':')[0] !== user.name);
  return [`${user.name}:x:${user.uid}:${user.gid}:${user.name}:${home}:${shell}`, ...others, ''].join('\n');
}

/** The presented group file: the image's, plus a group named after the user when its gid has none. */
function renderGroup(facts: PrivilegeFacts): string {
  const { user } = facts;
  const lines = facts.groupText.split('\n').filter((line) => line.trim() !== '');
  const hasGid = lines.some((line) => Number(line.split(':')[2]) === user.gid && line.split(':').length >= 4);
  const taken = lines.some((line) => line.split(':')[0] === user.name);
  const own = hasGid ? [] : [`${taken ? `helios-${user.gid}` : user.name}:x:${user.gid}:`];
  return [...own, ...lines, ''].join('\n');
}

function planDirs(facts: PrivilegeFacts, problems: string[]): RestrictedDir[] {
  const { running } = facts;
  const dirs: RestrictedDir[] = [];
  /** Folders that cannot be made, by the read-only folder above them. */
  const blocked = new Map<string, string[]>();
  for (const dir of facts.runtimeDirs) {
    // Folders root mode would chown to the user must be the user's own (PulseAudio
    // refuses a XDG_RUNTIME_DIR of another uid); root's shared ones need only be writable.
    const mustOwn = dir.uid !== 0;
    const found = facts.probe(dir.path);
    if (found.kind === 'missing') {
      if (found.ancestorWritable) dirs.push({ path: dir.path, mode: dir.mode, action: 'create' });
      else blocked.set(found.ancestor, [...(blocked.get(found.ancestor) ?? []), dir.path]);
    } else if (found.kind === 'other') {
      problems.push(
        `${dir.path} exists but is not a folder (expected a folder); ${tmpfsFix(mountPointOf(dir.path), running)}`,
      );
    } else if (found.uid === running.uid) {
      dirs.push({ path: dir.path, mode: dir.mode, action: 'chmod' });
    } else if (!mustOwn && found.writable) {
      dirs.push({ path: dir.path, mode: dir.mode, action: 'keep' });
    } else {
      problems.push(
        `${dir.path} belongs to uid ${found.uid}${found.writable ? '' : ' and is not writable'} ` +
          `(expected ${mustOwn ? `a folder of uid ${running.uid}` : `a folder uid ${running.uid} can write`}); ` +
          tmpfsFix(mountPointOf(dir.path), running),
      );
    }
  }
  for (const [ancestor, paths] of blocked) {
    problems.push(
      `${ancestor} is not writable by uid ${running.uid}, so ${paths.join(', ')} cannot be made ` +
        `(expected a writable ${mountPointOf(ancestor)}); ${tmpfsFix(mountPointOf(ancestor), running)}`,
    );
  }
  return dirs;
}

const SKIPPED = [
  'account changes (groupadd, useradd, usermod, chpasswd): /etc is not ours to write',
  'chown of the home and the runtime folders: they must already be writable',
  'the privilege drop (setpriv): services, hooks and services.d all run as this uid',
  'joining audio, video, render and the /dev/dri groups: give them with docker run --group-add (Kubernetes: supplementalGroups)',
] as const;

/**
 * Decides how helios-init boots from who it runs as and what it may write.
 * As root: the root boot of today. As any other uid (restricted mode:
 * `--user`, read-only root, no capabilities) no account is changed and
 * nothing is chowned; the user entry comes from the image when it already
 * lists this uid under USER, else from passwd and group files in the run
 * folder that services read through nss_wrapper (LD_PRELOAD); every folder
 * init writes must be writable already. Every problem is reported at once,
 * each with its fix.
 */
export function planPrivileges(facts: PrivilegeFacts): PrivilegeDecision {
  const { running, user } = facts;
  if (running.uid === 0) return { ok: true, plan: { mode: 'root' } };
  const problems: string[] = [];
  const warnings: string[] = [];

  const imageEntry = parsePasswd(facts.passwdText).find(
    (entry) => entry.uid === running.uid && entry.name === user.name,
  );
  const home = imageEntry?.home ?? facts.home;
  const shell = imageEntry?.shell ?? facts.shell;
  let userEntry: UserEntrySource = { kind: 'image' };
  if (!imageEntry) {
    if (facts.nssWrapper === undefined && facts.nssWrapperSetting !== undefined) {
      problems.push(
        `HELIOS_NSS_WRAPPER=${facts.nssWrapperSetting} does not exist (expected the path of libnss_wrapper.so ` +
          `to present uid ${running.uid} as ${user.name}); fix the path or leave the variable out to search the usual folders`,
      );
    } else if (facts.nssWrapper === undefined) {
      problems.push(
        `uid ${running.uid} has no entry named ${user.name} in the image's /etc/passwd, and libnss_wrapper.so ` +
          'is not in the image to present one (XFCE, PulseAudio and D-Bus look the user up by uid); ' +
          'install libnss-wrapper in the image (Debian, Ubuntu), set HELIOS_NSS_WRAPPER to its path, or run as ' +
          `a uid the image lists under USER (FROM the image: RUN useradd -u ${running.uid} ${user.name})`,
      );
    } else {
      userEntry = {
        kind: 'nss-wrapper',
        library: facts.nssWrapper,
        passwdFile: `${facts.runDir}/passwd`,
        groupFile: `${facts.runDir}/group`,
        passwd: renderPasswd(facts, home),
        group: renderGroup(facts),
      };
    }
  }

  let seedHome = false;
  const found = facts.probe(home);
  if (found.kind === 'dir' && !found.writable) {
    problems.push(
      `HOME ${home} belongs to uid ${found.uid} and is not writable by uid ${running.uid} ` +
        `(expected a folder uid ${running.uid} can write); ${homeFix(home, running)}`,
    );
  } else if (found.kind === 'other') {
    problems.push(`HOME ${home} exists but is not a folder (expected a folder); ${homeFix(home, running)}`);
  } else if (found.kind === 'missing') {
    if (found.ancestorWritable) seedHome = true;
    else {
      problems.push(
        `HOME ${home} does not exist and ${found.ancestor} is not writable by uid ${running.uid} ` +
          `(expected a home folder uid ${running.uid} can write); ${homeFix(home, running)}`,
      );
    }
  }

  const dirs = planDirs(facts, problems);
  if (problems.length > 0) return { ok: false, problems };

  let applicationsDir = facts.applicationsDir;
  if (facts.linksDesktopFiles) {
    const apps = facts.probe(applicationsDir);
    const writable = apps.kind === 'dir' ? apps.writable : apps.kind === 'missing' && apps.ancestorWritable;
    if (!writable) applicationsDir = `${home}/.local/share/applications`;
  }
  if (user.password !== undefined) {
    warnings.push('PASSWORD is ignored: without root there is no account to set it on');
  }
  return {
    ok: true,
    plan: {
      mode: 'restricted',
      home,
      shell,
      seedHome,
      userEntry,
      dirs,
      applicationsDir,
      skipped: SKIPPED,
      warnings,
    },
  };
}

/**
 * The variables that make a process see the presented user entry: nss_wrapper
 * preloaded (after any LD_PRELOAD the container already has) and pointed at
 * the files. Empty when the image's own entry serves.
 */
export function userEntryEnv(entry: UserEntrySource, containerPreload?: string): Record<string, string> {
  if (entry.kind === 'image') return {};
  const preload = [containerPreload, entry.library].filter((part) => part !== undefined && part !== '');
  return {
    LD_PRELOAD: preload.join(':'),
    NSS_WRAPPER_PASSWD: entry.passwdFile,
    NSS_WRAPPER_GROUP: entry.groupFile,
  };
}
