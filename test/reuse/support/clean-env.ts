/**
 * The environment of this process without what pnpm and vitest add to it:
 * npm_config_* set by the `pnpm exec` that runs the suite (a registry among
 * them) would override the registry a child is meant to use, and NODE_ENV=test
 * or VITEST* would leak the test runner into a build or a consumer.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_config_|vitest|node_env$|test$)/i.test(name)) continue;
    env[name] = value;
  }
  return env;
}
