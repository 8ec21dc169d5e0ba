import { constants } from 'node:os';
import type { InitConfig, ReadinessInput, ServiceInput } from './config-file.ts';
import { dependencyOrder } from './dependency-order.ts';
import { ConfigError } from './errors.ts';
import { expandTemplate } from './expand-template.ts';
import { DEFAULT_RESTART, type ReadinessCheck, SERVICE_DEFAULTS, type ServiceSpec } from './service-spec.ts';

/** Inputs of {@link planServices}. */
export interface PlanInput {
  /** The built-in table, in boot order. */
  readonly builtins: readonly ServiceSpec[];
  /** The config file (overrides and new services). */
  readonly config: InitConfig;
  /** Services found in services.d, started after the others. */
  readonly extra: readonly ServiceSpec[];
  /** Values for `${VAR}` placeholders. */
  readonly values: Readonly<Record<string, string>>;
  /** Config file path, for messages. */
  readonly configFile: string;
}

/**
 * Merges the built-in table, the config file and services.d into the list
 * of services to supervise, in dependency order.
 *
 * @throws {ConfigError} `HELIOS_INIT_CONFIG_INVALID` for an incomplete new service or a bad value.
 * @throws {ServiceGraphError} `HELIOS_INIT_SERVICE_GRAPH_INVALID` for unknown dependencies or cycles.
 */
export function planServices(input: PlanInput): ServiceSpec[] {
  const { builtins, config, extra, values, configFile } = input;
  const restartDefaults = { ...DEFAULT_RESTART, ...config.restart };
  const specs: ServiceSpec[] = [];
  const builtinNames = new Set(builtins.map((spec) => spec.name));

  for (const builtin of builtins) {
    const override = config.services[builtin.name];
    if (override?.enabled === false) continue;
    specs.push(merge(builtin, override ?? {}, restartDefaults, values, configFile));
  }
  for (const [name, entry] of Object.entries(config.services)) {
    if (builtinNames.has(name) || entry.enabled === false) continue;
    if (!entry.command) {
      throw new ConfigError(configFile, [
        `services.${name}.command: required for a service that is not built in ` +
          `(expected an argv array, received nothing; built-ins are ${[...builtinNames].join(', ')})`,
      ]);
    }
    const base = { ...SERVICE_DEFAULTS, name, command: entry.command, restart: restartDefaults };
    specs.push(merge(base, entry, restartDefaults, values, configFile));
  }
  const known = new Set(specs.map((spec) => spec.name));
  for (const spec of extra) {
    // services.d scripts follow X when there is one, as custom services did in the KasmVNC-era images.
    const dependsOn = spec.dependsOn.filter((dep) => known.has(dep));
    specs.push(Object.freeze({ ...spec, dependsOn, restart: { ...restartDefaults, ...spec.restart } }));
  }
  return dependencyOrder(specs);
}

function merge(
  base: ServiceSpec,
  override: ServiceInput,
  restartDefaults: ServiceSpec['restart'],
  values: Readonly<Record<string, string>>,
  configFile: string,
): ServiceSpec {
  const env = { ...base.env, ...(override.env ?? {}) };
  const scope = { ...values, ...env };
  const expand = (text: string) => expandTemplate(text, scope);
  const where = `services.${base.name}`;
  const stopSignal = override.stopSignal ?? base.stopSignal;
  if (!(stopSignal in constants.signals)) {
    throw new ConfigError(configFile, [
      `${where}.stopSignal: unknown signal (expected a name like SIGTERM, received ${JSON.stringify(stopSignal)})`,
    ]);
  }
  return Object.freeze({
    name: base.name,
    command: Object.freeze((override.command ?? base.command).map(expand)),
    runAs: override.runAs ?? base.runAs,
    env: Object.freeze(Object.fromEntries(Object.entries(env).map(([key, value]) => [key, expand(value)]))),
    dependsOn: Object.freeze([...(override.dependsOn ?? base.dependsOn)]),
    bindsTo: Object.freeze([...(override.bindsTo ?? base.bindsTo)]),
    critical: override.critical ?? base.critical,
    gatesReady: override.gatesReady ?? base.gatesReady,
    readiness: override.readiness
      ? resolveReadiness(override.readiness, expand, `${where}.readiness`, configFile)
      : resolveReadiness(base.readiness as ReadinessInput, expand, `${where}.readiness`, configFile),
    readinessTimeoutMs: override.readinessTimeoutMs ?? base.readinessTimeoutMs,
    stopSignal: stopSignal as NodeJS.Signals,
    stopTimeoutMs: override.stopTimeoutMs ?? base.stopTimeoutMs,
    cleanPaths: Object.freeze((override.cleanPaths ?? base.cleanPaths).map(expand)),
    restart: Object.freeze({ ...restartDefaults, ...(override.restart ?? {}) }),
  });
}

function resolveReadiness(
  check: ReadinessInput,
  expand: (text: string) => string,
  where: string,
  configFile: string,
): ReadinessCheck {
  switch (check.kind) {
    case 'none':
      return { kind: 'none' };
    case 'unix-socket':
      return { kind: 'unix-socket', path: expand(check.path) };
    case 'rfb':
      return { kind: 'rfb', path: expand(check.path) };
    case 'x-display':
      return { kind: 'x-display', display: expand(check.display) };
    case 'command':
      return { kind: 'command', command: check.command.map(expand), stdoutMatch: check.stdoutMatch };
    case 'all':
      return {
        kind: 'all',
        checks: check.checks.map((inner, i) =>
          resolveReadiness(inner, expand, `${where}.checks.${i}`, configFile),
        ),
      };
    case 'tcp': {
      const raw = typeof check.port === 'number' ? String(check.port) : expand(check.port);
      const port = Number(raw);
      if (!/^[0-9]+$/.test(raw) || port < 1 || port > 65535) {
        throw new ConfigError(configFile, [
          `${where}.port: not a TCP port after expansion (expected 1-65535, received ${JSON.stringify(raw)})`,
        ]);
      }
      return { kind: 'tcp', host: expand(check.host), port };
    }
  }
}
