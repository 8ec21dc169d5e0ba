import { z } from 'zod';
import { ERROR_CODES, ImagesError } from './errors.ts';

/** The package family decides which list of the package map a distro installs. */
export const packageFamilySchema = z.enum(['debian', 'ubuntu', 'alpine', 'rhel']);
export type PackageFamily = z.infer<typeof packageFamilySchema>;

/**
 * The package manager decides which shared build scripts a distro runs
 * (`families/<packageManager>/build/`), unless the distro overrides one in
 * `distros/<name>/build/`.
 */
const packageManagerSchema = z.enum(['apt', 'apk', 'dnf']);
export type PackageManager = z.infer<typeof packageManagerSchema>;

/**
 * How debootstrap makes a distro's base. Only `suite` and `mirror` are needed
 * for Debian, which the host's debootstrap and keyring know; the optional
 * fields let it make another apt distro (Ubuntu) whose suite it has no script
 * or key for. Absent fields leave debootstrap's defaults alone.
 */
const debootstrapSchema = z.object({
  suite: z.string().min(1),
  mirror: z.url(),
  /**
   * Archive components to fetch and to list in the base's sources.list.
   * @default debootstrap's own (`main`)
   */
  components: z
    .array(z.string().regex(/^[a-z-]+$/))
    .min(1)
    .optional(),
  /**
   * Debootstrap script (a name in `/usr/share/debootstrap/scripts/`) to use
   * instead of the suite's, for a suite newer than the host's debootstrap.
   * @default the suite's own script
   */
  script: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
  /**
   * Keyring that signs the suite's Release file, a file in this package's
   * `keyrings/` folder (see {@link debootstrapKeyringPath}).
   * @default the host's keyring (debian-archive-keyring)
   */
  keyring: z
    .string()
    .regex(/^[a-z0-9-]+\.gpg$/)
    .optional(),
  /**
   * Pockets beside the release (`updates` → `<suite>-updates`) written into the
   * base's sources.list, as the distro's own registry image has them.
   * @default none: the sources.list debootstrap writes is kept
   */
  pockets: z
    .array(z.string().regex(/^[a-z]+$/))
    .min(1)
    .optional(),
});

const distroSchema = z
  .object({
    /** Name used on the command line and in tags' suffix source, e.g. `bookworm`. */
    name: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
    /** Codename used in tags (`unstable-<codename>`). */
    codename: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
    /** Human-readable name for docs and logs. */
    title: z.string().min(1),
    family: packageFamilySchema,
    /** Which family of build scripts (`families/<packageManager>/`) the distro shares. */
    packageManager: packageManagerSchema,
    /** Base image on a registry (used with `--base registry`). */
    registryBase: z.string().min(1),
    /**
     * How to make the base without a registry: a debootstrap suite and mirror.
     * `null` where debootstrap cannot make this distro from here.
     */
    debootstrap: debootstrapSchema.nullable(),
  })
  .readonly();

/** One row of the distro matrix. */
export type Distro = z.infer<typeof distroSchema>;

const debianMirror = 'http://deb.debian.org/debian';

/**
 * Ubuntu's archive, made with the host's (Debian's) debootstrap: its `gutsy`
 * script serves every Ubuntu release since 7.10, and the Ubuntu Archive
 * Automatic Signing Key (2018) signs noble's and jammy's Release files.
 * `universe` holds part of the package list (xfce4, tigervnc, pulseaudio, ...).
 */
function ubuntuDebootstrap(suite: string) {
  return {
    suite,
    mirror: 'http://archive.ubuntu.com/ubuntu',
    components: ['main', 'universe'],
    script: 'gutsy',
    keyring: 'ubuntu-archive-2018.gpg',
    pockets: ['updates', 'security'],
  };
}

/**
 * The distro matrix. Validated once at load time so a typo here fails every
 * test, not a build an hour later.
 */
export const distros: readonly Distro[] = Object.freeze(
  z.array(distroSchema).parse([
    {
      name: 'bookworm',
      codename: 'bookworm',
      title: 'Debian 12 (bookworm)',
      family: 'debian',
      packageManager: 'apt',
      registryBase: 'debian:bookworm-slim',
      debootstrap: { suite: 'bookworm', mirror: debianMirror },
    },
    {
      name: 'trixie',
      codename: 'trixie',
      title: 'Debian 13 (trixie)',
      family: 'debian',
      packageManager: 'apt',
      registryBase: 'debian:trixie-slim',
      debootstrap: { suite: 'trixie', mirror: debianMirror },
    },
    {
      name: 'sid',
      codename: 'sid',
      title: 'Debian unstable (sid)',
      family: 'debian',
      packageManager: 'apt',
      registryBase: 'debian:sid-slim',
      debootstrap: { suite: 'sid', mirror: debianMirror },
    },
    {
      name: 'kali',
      codename: 'kali',
      title: 'Kali Linux (rolling)',
      family: 'debian',
      packageManager: 'apt',
      registryBase: 'kalilinux/kali-rolling:latest',
      debootstrap: null,
    },
    {
      name: 'noble',
      codename: 'noble',
      title: 'Ubuntu 24.04 (noble)',
      family: 'ubuntu',
      packageManager: 'apt',
      registryBase: 'ubuntu:noble',
      debootstrap: ubuntuDebootstrap('noble'),
    },
    {
      name: 'jammy',
      codename: 'jammy',
      title: 'Ubuntu 22.04 (jammy)',
      family: 'ubuntu',
      packageManager: 'apt',
      registryBase: 'ubuntu:jammy',
      debootstrap: ubuntuDebootstrap('jammy'),
    },
    {
      name: 'alpine-3',
      codename: 'alpine',
      title: 'Alpine Linux 3',
      family: 'alpine',
      packageManager: 'apk',
      registryBase: 'alpine:3',
      debootstrap: null,
    },
    {
      name: 'rocky-9',
      codename: 'rocky',
      title: 'Rocky Linux 9',
      family: 'rhel',
      packageManager: 'dnf',
      registryBase: 'rockylinux/rockylinux:9',
      debootstrap: null,
    },
    {
      name: 'alma-9',
      codename: 'alma',
      title: 'AlmaLinux 9',
      family: 'rhel',
      packageManager: 'dnf',
      registryBase: 'almalinux:9',
      debootstrap: null,
    },
  ]),
);

/**
 * Finds a distro by name.
 * @throws {ImagesError} `HELIOS_IMAGES_UNKNOWN_DISTRO` naming the known ones.
 */
export function getDistro(name: string): Distro {
  const found = distros.find((distro) => distro.name === name);
  if (!found) {
    const known = distros.map((distro) => distro.name).join(', ');
    throw new ImagesError(ERROR_CODES.UNKNOWN_DISTRO, `Unknown distro "${name}". Expected one of: ${known}.`);
  }
  return found;
}
