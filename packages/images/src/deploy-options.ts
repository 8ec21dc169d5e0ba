import { z } from 'zod';

/**
 * The port the web client listens on unless told otherwise: the container's
 * `HTTP_PORT`, the published port of the generated Compose and Kubernetes
 * files and `helios up --port`.
 */
export const DEFAULT_HTTP_PORT = 3000;

/**
 * The port the gateway serves HTTPS on when the container leaves HTTPS_PORT
 * unset: the HTTP port plus one (3001), as in the linuxserver images; none
 * above 65534. The generated files publish it beside the HTTP port.
 */
export function defaultHttpsPort(httpPort: number): number | undefined {
  return httpPort < 65_535 ? httpPort + 1 : undefined;
}

/** What a user sets when generating compose or Kubernetes files. */
export interface DeployOptions {
  /** Image reference to run. @default `helios:<distro>` */
  readonly image?: string;
  /** Desktop user name. @default 'helios' */
  readonly user?: string;
  /** Desktop user id. @default 1000 */
  readonly uid?: number;
  /** Desktop group id; the generated files set it only in restricted mode. @default the uid */
  readonly gid?: number;
  /**
   * Restricted mode: run as `uid:gid` instead of root, on a read-only root
   * file system with tmpfs on /tmp and /run, every capability dropped and no
   * privilege escalation. The Kubernetes output then meets the Pod Security
   * Standard "restricted". @default false
   */
  readonly restricted?: boolean;
  /** Web client port. @default {@link DEFAULT_HTTP_PORT} (3000) */
  readonly port?: number;
  /** Path prefix behind a reverse proxy, with both slashes. @default '/' */
  readonly prefix?: string;
  /** Minutes without input before idle hooks run. @default 30 */
  readonly idleTime?: number;
  /**
   * Built-in auth of the web gateway. `token` and `basic` take their secret
   * from a mounted file (a Compose secret, a Kubernetes Secret), never from a
   * plain variable. @default 'none'
   */
  readonly auth?: 'none' | 'token' | 'basic';
  /** Basic-auth user name, with `auth: 'basic'`. @default the desktop user */
  readonly authUser?: string;
  /**
   * More container variables, such as gateway options
   * (`HELIOS_ALLOWED_ORIGINS`, `HELIOS_VIEW_ONLY`). Secrets are refused here:
   * they go through `auth`. @default {}
   */
  readonly env?: Readonly<Record<string, string>>;
}

const optionsSchema = z.object({
  image: z.string().min(1).optional(),
  user: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'a portable user name (lower case, digits, _ and -)')
    .default('helios'),
  uid: z.number().int().min(1).max(2_147_483_646).default(1000),
  gid: z.number().int().min(0).max(2_147_483_646).optional(),
  restricted: z.boolean().default(false),
  port: z.number().int().min(1).max(65_535).default(DEFAULT_HTTP_PORT),
  prefix: z
    .string()
    .regex(/^\/(.*\/)?$/, 'a path that starts and ends with /')
    .default('/'),
  idleTime: z.number().min(0).default(30),
  auth: z.enum(['none', 'token', 'basic']).default('none'),
  authUser: z.string().min(1).optional(),
  env: z
    .record(z.string(), z.string())
    .default({})
    .superRefine((env, ctx) => {
      for (const name of Object.keys(env)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'a variable name (letters, digits and _)' });
        } else if (SECRET_VARIABLE.test(name)) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: 'no secret as a plain variable: use --auth token|basic, which mounts it from a file',
          });
        }
      }
    }),
});

/** Variables whose values are secrets; they travel as files, never as plain values. */
const SECRET_VARIABLE = /^(HELIOS_[A-Z0-9_]*_(TOKEN|PASSWORD)|PASSWORD)$/;

/** Where the generated files mount the auth secret, and the variable pointing at it. */
export const AUTH_SECRET = Object.freeze({
  /** Compose secret name, also its file name under /run/secrets. */
  composeName: 'helios_auth',
  /** Kubernetes: folder the Secret is mounted at; its key is the file name. */
  mountPath: '/run/secrets/helios',
  /** Kubernetes Secret key holding the token or password. */
  key: 'secret',
});

/** Options with defaults applied, validated once. */
export type ResolvedDeployOptions = Readonly<Required<Omit<DeployOptions, 'authUser' | 'gid'>>> & {
  /** The desktop group id: `gid`, else the uid. */
  readonly gid: number;
  readonly authUser: string | undefined;
};

/**
 * Applies defaults and validates. Throws a ZodError naming the field.
 */
export function resolveDeployOptions(distroName: string, options: DeployOptions): ResolvedDeployOptions {
  const parsed = optionsSchema.parse(options);
  return Object.freeze({
    ...parsed,
    image: parsed.image ?? `helios:${distroName}`,
    gid: parsed.gid ?? parsed.uid,
    authUser: parsed.auth === 'basic' ? (parsed.authUser ?? parsed.user) : undefined,
    env: Object.freeze(parsed.env),
  });
}

/**
 * The container environment every output sets; `secretFile` is where the
 * output mounts the auth secret (used only with `auth`).
 */
export function deployEnvironment(
  options: ResolvedDeployOptions,
  secretFile: string,
): Record<string, string> {
  return {
    USER: options.user,
    UID: String(options.uid),
    // In restricted mode the ids are the container's own; GID says so for the reader (init checks it).
    ...(options.restricted ? { GID: String(options.gid) } : {}),
    HTTP_PORT: String(options.port),
    PREFIX: options.prefix,
    IDLE_TIME: String(options.idleTime),
    ...options.env,
    ...(options.auth === 'token' ? { HELIOS_AUTH_TOKEN_FILE: secretFile } : {}),
    ...(options.auth === 'basic' && options.authUser !== undefined
      ? { HELIOS_AUTH_USER: options.authUser, HELIOS_AUTH_PASSWORD_FILE: secretFile }
      : {}),
  };
}

/** Where the restricted outputs put a writable tmpfs (or emptyDir), for the runtime folders and X's sockets. */
export const RESTRICTED_TMPFS = Object.freeze(['/tmp', '/run'] as const);
