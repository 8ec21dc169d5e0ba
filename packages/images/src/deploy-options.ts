import { z } from 'zod';

/** What a user sets when generating compose or Kubernetes files. */
export interface DeployOptions {
  /** Image reference to run. @default `helios:<distro>` */
  readonly image?: string;
  /** Desktop user name. @default 'helios' */
  readonly user?: string;
  /** Desktop user id. @default 1000 */
  readonly uid?: number;
  /** Web client port. @default 3000 */
  readonly port?: number;
  /** Path prefix behind a reverse proxy, with both slashes. @default '/' */
  readonly prefix?: string;
  /** Minutes without input before idle hooks run. @default 30 */
  readonly idleTime?: number;
}

const optionsSchema = z.object({
  image: z.string().min(1).optional(),
  user: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'a portable user name (lower case, digits, _ and -)')
    .default('helios'),
  uid: z.number().int().min(1).max(2_147_483_646).default(1000),
  port: z.number().int().min(1).max(65_535).default(3000),
  prefix: z
    .string()
    .regex(/^\/(.*\/)?$/, 'a path that starts and ends with /')
    .default('/'),
  idleTime: z.number().min(0).default(30),
});

/** Options with defaults applied, validated once. */
export type ResolvedDeployOptions = Readonly<Required<DeployOptions>>;

/**
 * Applies defaults and validates. Throws a ZodError naming the field.
 */
export function resolveDeployOptions(distroName: string, options: DeployOptions): ResolvedDeployOptions {
  const parsed = optionsSchema.parse(options);
  return Object.freeze({ ...parsed, image: parsed.image ?? `helios:${distroName}` });
}

/** The container environment every output sets. */
export function deployEnvironment(options: ResolvedDeployOptions): Record<string, string> {
  return {
    USER: options.user,
    UID: String(options.uid),
    HTTP_PORT: String(options.port),
    PREFIX: options.prefix,
    IDLE_TIME: String(options.idleTime),
  };
}
