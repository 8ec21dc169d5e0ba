import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USAGE } from './cli-args.ts';
import { optionsFromEnv } from './env-options.ts';
import { GATEWAY_OPTIONS, OPTION_NAMES, type OptionSpec } from './gateway-options.ts';

const specs = OPTION_NAMES.map((name) => [name, GATEWAY_OPTIONS[name] as OptionSpec] as const);

/** The README's configuration table as the option table says it must read. */
function markdownTable(): string {
  const cell = (text: string) => (text.includes('`') || /^\(|^empty$/.test(text) ? text : `\`${text}\``);
  const rows = specs.map(([, spec]) => {
    const flag = spec.flag === undefined ? '—' : `\`--${spec.flag}\``;
    const variable = spec.secret ? `\`${spec.env}\`, \`${spec.env}_FILE\`` : `\`${spec.env}\``;
    const fallback = spec.defaultText === undefined ? 'unset' : cell(spec.defaultText);
    return `| ${flag} | ${variable} | ${fallback} | ${spec.help} |`;
  });
  return ['| flag | variable | default | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

describe('GATEWAY_OPTIONS', () => {
  it('is what the README configuration table lists, row for row', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(markdownTable());
  });

  it('gives every option its own variable and flag, and secrets no flag', () => {
    const envs = specs.map(([, spec]) => spec.env);
    expect(new Set(envs).size).toBe(envs.length);
    const flags = specs.flatMap(([, spec]) => (spec.flag === undefined ? [] : [spec.flag]));
    expect(new Set(flags).size).toBe(flags.length);
    for (const [name, spec] of specs) {
      if (spec.secret) expect(spec.flag, name).toBeUndefined();
    }
  });

  it('shows every flag and secret in --help', () => {
    for (const [, spec] of specs) {
      expect(USAGE).toContain(spec.flag === undefined ? `${spec.env}(_FILE)` : `--${spec.flag}`);
    }
  });

  it('reads every option from its variable', () => {
    const env = Object.fromEntries(specs.map(([, spec]) => [spec.env, `value of ${spec.env}`]));
    expect(optionsFromEnv(env)).toEqual(
      Object.fromEntries(specs.map(([name, spec]) => [name, `value of ${spec.env}`])),
    );
  });

  it("names secrets so helios-init recognises them (HELIOS_*_TOKEN / _PASSWORD, the runtime contract's rule)", () => {
    const contractSecret = /^HELIOS_[A-Z0-9_]*_(TOKEN|PASSWORD)$/;
    for (const [name, spec] of specs) expect(contractSecret.test(spec.env), name).toBe(spec.secret === true);
  });
});
