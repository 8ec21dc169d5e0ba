import { parseArgs } from 'node:util';
import { DEFAULT_HTTP_PORT } from '@helios/images';
import { z } from 'zod';
import { BuildError, ERROR_CODES } from './errors.ts';
import { EXIT_CODES } from './exit-codes.ts';
import { type ImageArch, parseImageArch } from './image-arch.ts';

/** A parsed `helios` command line. */
export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'sizes' }
  | {
      kind: 'build';
      distro: string;
      base: 'auto' | 'registry' | 'debootstrap';
      tags: readonly string[];
      listStages: boolean;
      /** Absent: the engine's architecture. */
      arch?: ImageArch;
      root?: string;
    }
  | { kind: 'up'; distro: string; base: 'auto' | 'registry' | 'debootstrap'; port: number; root?: string }
  | { kind: 'tags'; distro?: string; release?: string }
  | { kind: 'manifest'; distro: string; registry: string }
  | { kind: 'lists'; family: string; map?: string; root?: string }
  | {
      kind: 'compose' | 'k8s';
      distro: string;
      port: number;
      user?: string;
      uid?: number;
      gid?: number;
      restricted?: boolean;
      image?: string;
      prefix?: string;
      auth?: 'none' | 'token' | 'basic';
      authUser?: string;
      env?: Readonly<Record<string, string>>;
    };

/** Text of `helios --help`. */
export const usage = `Usage: helios <command> [options]

Commands:
  build <distro>   build the image helios:<distro> with the classic Docker builder
      --base auto|registry|debootstrap   where the base image comes from (default auto:
                                         the registry, else debootstrap for Debian releases)
      --tag <name>                        extra tag (repeatable)
      --arch amd64|arm64                  image architecture (default: the engine's); another
                                          one is built under qemu (binfmt_misc) as helios:<distro>-<arch>
      --list-stages                       print the stage plan (and with --arch, the arch plan) and exit
  up <distro>      build, run with --network host and print the URL once /health is 200
      --base ...   as for build
      --port <n>   HTTP port (default ${DEFAULT_HTTP_PORT})
  manifest <distro>  push helios:<distro> and helios:<distro>-<arch> to a registry and join them
      --registry <host[:port][/path]>     under one multi-architecture tag <registry>/helios:<distro>
  tags [distro]    print the tags of every distro (or one)
      --release <X.Y.Z>   also print the release tag
  lists <family>   print the flattened package list of a family (debian, ubuntu, alpine, rhel)
      --map <file|dir>    package map (default common/packages.yaml)
  sizes            print the Markdown table of every built image's size
  compose <distro> print a Docker Compose file for the desktop
  k8s <distro>     print Kubernetes manifests (claim, deployment, service) for the desktop
      --image <ref>  --user <name>  --port <n>  --prefix </path/>
      --auth none|token|basic   gateway auth, its secret mounted from a file (default none)
      --auth-user <name>        basic-auth user (default: --user)
      --env NAME=VALUE          another container variable, e.g. a gateway option (repeatable)
      --uid <n>  --gid <n>      desktop user and group ids (default 1000, gid: the uid)
      --restricted              run without root: --user uid:gid, read-only root, tmpfs /tmp and /run,
                                no capabilities, no new privileges (k8s: Pod Security "restricted")

Common options: --root <dir> (repository root; default: found upward from here), --help, --version.
Exit codes: ${EXIT_CODES.OK} success, ${EXIT_CODES.FAILURE} failure, ${EXIT_CODES.USAGE} usage error.`;

const baseSchema = z.enum(['auto', 'registry', 'debootstrap']);
const portSchema = z.coerce.number().int().min(1).max(65535);
const registrySchema = z
  .string()
  .regex(
    /^([a-z0-9.-]+|\[[0-9a-f:]+\])(:\d+)?(\/[a-z0-9._-]+)*\/?$/i,
    'expected host[:port][/path], without a scheme',
  );
const idSchema = z.coerce.number().int().min(0).max(2_147_483_646);
const authSchema = z.enum(['none', 'token', 'basic'], { error: 'expected none, token or basic' });

/** `--env NAME=VALUE` flags into a record; the value may contain `=`. */
function parseEnvFlags(flags: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw usageError(`Invalid --env "${flag}": expected NAME=VALUE.`);
    env[flag.slice(0, eq)] = flag.slice(eq + 1);
  }
  return env;
}

function usageError(message: string): BuildError {
  return new BuildError(ERROR_CODES.USAGE, `${message}\nRun "helios --help" for usage.`);
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const expected = result.error.issues[0]?.message ?? 'a valid value';
    throw usageError(`Invalid ${flag} "${String(value)}": ${expected}.`);
  }
  return result.data;
}

/**
 * Parses `helios` arguments into a typed command.
 * @throws {BuildError} `HELIOS_BUILD_USAGE` for unknown commands, flags or values.
 */
export function parseCli(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        base: { type: 'string', default: 'auto' },
        tag: { type: 'string', multiple: true, default: [] },
        'list-stages': { type: 'boolean', default: false },
        arch: { type: 'string' },
        port: { type: 'string', default: String(DEFAULT_HTTP_PORT) },
        release: { type: 'string' },
        registry: { type: 'string' },
        map: { type: 'string' },
        image: { type: 'string' },
        user: { type: 'string' },
        prefix: { type: 'string' },
        auth: { type: 'string' },
        'auth-user': { type: 'string' },
        uid: { type: 'string' },
        gid: { type: 'string' },
        restricted: { type: 'boolean', default: false },
        env: { type: 'string', multiple: true, default: [] },
        root: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (cause) {
    throw usageError(cause instanceof Error ? cause.message : String(cause));
  }
  const { values, positionals } = parsed;
  const [command, target, ...extra] = positionals;
  if (values.help || command === 'help') return { kind: 'help' };
  if (values.version || command === 'version') return { kind: 'version' };
  if (command === undefined) return { kind: 'help' };
  if (extra.length > 0) throw usageError(`Unexpected argument "${extra[0]}".`);
  const root = typeof values.root === 'string' ? values.root : undefined;
  const base = parseWith(baseSchema, values.base, '--base');
  switch (command) {
    case 'build':
      if (!target) throw usageError('Missing <distro>: helios build <distro>.');
      return {
        kind: 'build',
        distro: target,
        base,
        tags: (values.tag as string[] | undefined) ?? [],
        listStages: values['list-stages'] === true,
        ...(typeof values.arch === 'string' ? { arch: parseImageArch(values.arch) } : {}),
        ...(root ? { root } : {}),
      };
    case 'up':
      if (!target) throw usageError('Missing <distro>: helios up <distro>.');
      return {
        kind: 'up',
        distro: target,
        base,
        port: parseWith(portSchema, values.port, '--port'),
        ...(root ? { root } : {}),
      };
    case 'manifest':
      if (!target) throw usageError('Missing <distro>: helios manifest <distro> --registry <host[:port]>.');
      if (typeof values.registry !== 'string') throw usageError('Missing --registry <host[:port][/path]>.');
      return {
        kind: 'manifest',
        distro: target,
        registry: parseWith(registrySchema, values.registry, '--registry'),
      };
    case 'tags':
      return {
        kind: 'tags',
        ...(target ? { distro: target } : {}),
        ...(typeof values.release === 'string' ? { release: values.release } : {}),
      };
    case 'lists':
      if (!target) throw usageError('Missing <family>: helios lists <family>.');
      return {
        kind: 'lists',
        family: target,
        ...(typeof values.map === 'string' ? { map: values.map } : {}),
        ...(root ? { root } : {}),
      };
    case 'sizes':
      return { kind: 'sizes' };
    case 'compose':
    case 'k8s':
      if (!target) throw usageError(`Missing <distro>: helios ${command} <distro>.`);
      return {
        kind: command,
        distro: target,
        port: parseWith(portSchema, values.port, '--port'),
        ...(typeof values.user === 'string' ? { user: values.user } : {}),
        ...(typeof values.uid === 'string' ? { uid: parseWith(idSchema, values.uid, '--uid') } : {}),
        ...(typeof values.gid === 'string' ? { gid: parseWith(idSchema, values.gid, '--gid') } : {}),
        ...(values.restricted === true ? { restricted: true } : {}),
        ...(typeof values.image === 'string' ? { image: values.image } : {}),
        ...(typeof values.prefix === 'string' ? { prefix: values.prefix } : {}),
        ...(typeof values.auth === 'string' ? { auth: parseWith(authSchema, values.auth, '--auth') } : {}),
        ...(typeof values['auth-user'] === 'string' ? { authUser: values['auth-user'] } : {}),
        env: parseEnvFlags((values.env as string[] | undefined) ?? []),
      };
    default:
      throw usageError(
        `Unknown command "${command}". Expected build, up, manifest, tags, lists, sizes, compose or k8s.`,
      );
  }
}
