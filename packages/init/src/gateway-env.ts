/**
 * Which container variables reach the gateway (kclient), and how its secrets
 * travel. Pure: {@link planGatewayEnv} decides, `gateway-secrets.ts` writes.
 *
 * The rule is by name, so a new kclient option needs no change here (init and
 * kclient never import each other; see docs/runtime-contract.md):
 * - every `HELIOS_*` variable init does not read itself is a gateway option
 *   and is forwarded to kclient only (other services never see `HELIOS_*`);
 * - `HELIOS_*_TOKEN` and `HELIOS_*_PASSWORD` are secrets: their value (or the
 *   file named by `<NAME>_FILE`) is copied into a file only the desktop user
 *   can read, and kclient gets `<NAME>_FILE` instead. No process but init
 *   ever has a secret in its environment (a desktop program could read it
 *   from /proc), and hooks get neither the value nor init's own copy.
 */

/** Names of secret gateway variables: their values never go into an environment. */
const SECRET_NAME = /^HELIOS_[A-Z0-9_]*_(TOKEN|PASSWORD)$/;

/** Where one secret's value comes from. */
type SecretSource =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'file'; readonly path: string };

/** One secret the gateway needs, by its variable name (`HELIOS_AUTH_TOKEN`). */
export interface GatewaySecret {
  readonly name: string;
  readonly source: SecretSource;
}

/** What init hands to kclient. */
export interface GatewayEnvPlan {
  /** Plain variables forwarded as they are. */
  readonly forwarded: Readonly<Record<string, string>>;
  /** Secrets to write to files; kclient gets `<name>_FILE`. */
  readonly secrets: readonly GatewaySecret[];
}

/** Whether `name` is a secret gateway variable (`HELIOS_AUTH_TOKEN`, `HELIOS_AUTH_PASSWORD`, …). */
export function isGatewaySecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Splits the container environment into the gateway's plain variables and
 * its secrets. `initOwned` are the `HELIOS_*` names init reads or sets
 * itself; they are not forwarded (init sets the ones kclient needs). Empty
 * values count as unset, as everywhere else in the environment.
 */
export function planGatewayEnv(
  env: Readonly<Record<string, string | undefined>>,
  initOwned: ReadonlySet<string>,
): GatewayEnvPlan {
  const forwarded: Record<string, string> = {};
  const secrets: GatewaySecret[] = [];
  const names = Object.keys(env).sort();
  for (const name of names) {
    const value = env[name];
    if (value === undefined || value === '' || !name.startsWith('HELIOS_') || initOwned.has(name)) continue;
    if (isGatewaySecret(name)) {
      secrets.push({ name, source: { kind: 'value', value } });
      continue;
    }
    const secretOfFile = name.endsWith('_FILE') ? name.slice(0, -'_FILE'.length) : undefined;
    if (secretOfFile !== undefined && isGatewaySecret(secretOfFile)) {
      // The direct variable wins when both are set, as kclient itself decides.
      if (env[secretOfFile] === undefined || env[secretOfFile] === '') {
        secrets.push({ name: secretOfFile, source: { kind: 'file', path: value } });
      }
      continue;
    }
    forwarded[name] = value;
  }
  return Object.freeze({ forwarded: Object.freeze(forwarded), secrets: Object.freeze(secrets) });
}

/**
 * The environment hooks run with: the container's, less every secret gateway
 * value (the `*_FILE` paths stay; they name the operator's own mounts).
 */
export function withoutGatewaySecrets(
  env: Readonly<Record<string, string | undefined>>,
): Readonly<Record<string, string | undefined>> {
  const kept: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!isGatewaySecret(name)) kept[name] = value;
  }
  return Object.freeze(kept);
}
