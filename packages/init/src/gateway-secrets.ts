import { chownSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { describe, RuntimeDirError, SecretUnreadableError } from './errors.ts';
import type { GatewaySecret } from './gateway-env.ts';

/** A secret's value, read while init is still root and before anything is written. */
export interface SecretValue {
  readonly name: string;
  readonly value: string;
}

/**
 * Reads every secret's value. Files are read by init (root), so a secret
 * mounted for root only (`0400 root`, the safe way to mount one) still
 * reaches the gateway, which runs as the desktop user.
 *
 * @throws {SecretUnreadableError} `HELIOS_INIT_SECRET_UNREADABLE` for a missing, unreadable or empty file.
 */
export function readGatewaySecrets(secrets: readonly GatewaySecret[]): SecretValue[] {
  return secrets.map(({ name, source }) => {
    if (source.kind === 'value') return { name, value: source.value };
    let value: string;
    try {
      if (!statSync(source.path).isFile()) {
        throw new SecretUnreadableError(name, source.path, 'is not a regular file');
      }
      value = readFileSync(source.path, 'utf8');
    } catch (cause) {
      if (cause instanceof SecretUnreadableError) throw cause;
      throw new SecretUnreadableError(name, source.path, `cannot be read: ${describe(cause)}`, cause);
    }
    // One trailing newline is what `echo` and editors add; kclient drops it too.
    if (value.replace(/\r?\n$/, '') === '') throw new SecretUnreadableError(name, source.path, 'is empty');
    return { name, value };
  });
}

/**
 * Writes each secret to `dir/<name in lower case>`, readable by the desktop
 * user only (folder 0700, file 0400, both theirs), each file replaced
 * atomically. Returns the `<NAME>_FILE` variables that point kclient at them.
 * Without an `owner` (restricted mode: init already is the desktop user)
 * nothing is chowned.
 *
 * @throws {RuntimeDirError} `HELIOS_INIT_RUNTIME_DIR_FAILED` when the folder or a file cannot be written.
 */
export function writeGatewaySecrets(
  values: readonly SecretValue[],
  dir: string,
  owner: { readonly uid: number; readonly gid: number } | undefined,
): Record<string, string> {
  const variables: Record<string, string> = {};
  if (values.length === 0) return variables;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (owner) chownSync(dir, owner.uid, owner.gid);
    for (const { name, value } of values) {
      const file = `${dir}/${name.toLowerCase()}`;
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, value, { mode: 0o400 });
      if (owner) chownSync(temporary, owner.uid, owner.gid);
      renameSync(temporary, file);
      variables[`${name}_FILE`] = file;
    }
  } catch (cause) {
    throw new RuntimeDirError(dir, cause);
  }
  return variables;
}
