import { docker } from '../../support/container.ts';

/**
 * Xvnc's frame settings per stack. Both stacks share one Xvnc, but a plain
 * noVNC + websockify user runs Xvnc as TigerVNC ships it, while Helios starts
 * it with its own values: before each viewer the benchmark sets the values of
 * the stack it measures (the bench image's Xvnc wrapper allows `vncconfig -set`
 * for these names).
 */

/** TigerVNC's defaults for the parameters the benchmark switches: what the plain stack runs with. */
export const TIGERVNC_DEFAULTS: Readonly<Record<string, string>> = Object.freeze({
  FrameRate: '60',
  CompareFB: '2',
});

/**
 * The values of the {@link TIGERVNC_DEFAULTS} parameters in an Xvnc command
 * line (`-FrameRate 120`, `-FrameRate=120`, any case); a parameter the command
 * line does not set keeps TigerVNC's default.
 */
export function xvncSettingsOf(commandLine: readonly string[]): Record<string, string> {
  const settings: Record<string, string> = { ...TIGERVNC_DEFAULTS };
  for (const [index, arg] of commandLine.entries()) {
    const match = arg.match(/^-{1,2}(\w+)(?:=(.*))?$/);
    const name = Object.keys(TIGERVNC_DEFAULTS).find(
      (known) => known.toLowerCase() === match?.[1]?.toLowerCase(),
    );
    if (match === null || name === undefined) continue;
    const value = match[2] ?? commandLine[index + 1];
    if (value !== undefined) settings[name] = value;
  }
  return settings;
}

/** `NAME=VALUE,…` (the HELIOS_BENCH_XVNC knob) over the given settings. */
export function withOverrides(
  settings: Record<string, string>,
  overrides: string | undefined,
): Record<string, string> {
  const result = { ...settings };
  for (const pair of (overrides ?? '').split(',').filter((part) => part.trim() !== '')) {
    const [name, value] = pair.split('=').map((part) => part.trim());
    if (name === undefined || value === undefined || !(name in TIGERVNC_DEFAULTS)) {
      throw new Error(
        `HELIOS_BENCH_XVNC: "${pair}" is not NAME=VALUE with NAME one of ${Object.keys(TIGERVNC_DEFAULTS).join(', ')}`,
      );
    }
    result[name] = value;
  }
  return result;
}

/** The running Xvnc's command line in `container`. */
export async function xvncCommandLine(container: string): Promise<string[]> {
  const pid = await docker('exec', container, 'pgrep', '-o', '-x', 'Xvnc');
  const raw = await docker('exec', container, 'cat', `/proc/${pid.trim()}/cmdline`);
  return raw.split('\0').filter((arg) => arg !== '');
}

/** Sets `settings` on the running Xvnc as the desktop user, and checks they took. */
export async function applyXvncSettings(
  container: string,
  uid: number,
  settings: Readonly<Record<string, string>>,
): Promise<void> {
  for (const [name, value] of Object.entries(settings)) {
    const asUser = ['exec', '-u', String(uid), '-e', 'DISPLAY=:1', container, 'vncconfig'];
    await docker(...asUser, '-set', `${name}=${value}`);
    const now = await docker(...asUser, '-get', name);
    if (now.trim() !== value)
      throw new Error(`Xvnc kept ${name}=${now.trim()} after vncconfig -set ${name}=${value}`);
  }
}
