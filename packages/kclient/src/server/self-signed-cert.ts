import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { TlsError } from './errors.ts';

/** Where a self-signed certificate and its key live. */
export interface CertPaths {
  readonly cert: string;
  readonly key: string;
}

/** What {@link ensureSelfSignedCert} did. */
export interface SelfSignedCert extends CertPaths {
  /** `true` on the start that made the pair, `false` when an earlier one was reused. */
  readonly created: boolean;
}

/**
 * The folder kept for a self-signed certificate when `HELIOS_TLS_DIR` is
 * unset: `$XDG_CONFIG_HOME/helios/tls`, else `~/.config/helios/tls` of the
 * user the gateway runs as (the desktop user's home survives restarts).
 */
export function defaultTlsDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const config = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(config, 'helios', 'tls');
}

/** Days a made certificate is valid: long, because nobody renews a self-signed one. */
const VALID_DAYS = 3650;

/**
 * Returns `cert.pem` and `key.pem` in `dir`, making them with `openssl` on
 * the first start and reusing them afterwards, so a browser that accepted
 * the certificate once keeps accepting it. The folder is created 0700 and
 * the key is 0600. Throws {@link TlsError} when the folder cannot be
 * written or `openssl` is missing or fails.
 *
 * Why openssl: Node can make the key pair but not an X.509 certificate, and
 * a hand-written DER encoder is more code to trust than the tool that every
 * Debian-family image already carries (`ca-certificates` depends on it).
 */
export async function ensureSelfSignedCert(dir: string, openssl = 'openssl'): Promise<SelfSignedCert> {
  const paths = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
  if ((await isFile(paths.cert)) && (await isFile(paths.key))) return { ...paths, created: false };
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (cause) {
    throw new TlsError(`cannot create ${dir} for a self-signed certificate (HELIOS_TLS_DIR)`, cause);
  }
  // Made under temporary names and renamed key first, so a crash never
  // leaves a certificate without its key.
  const temp = { cert: `${paths.cert}.${process.pid}.tmp`, key: `${paths.key}.${process.pid}.tmp` };
  try {
    await execa(openssl, opensslArgs(temp), { timeout: 30_000 });
    await chmod(temp.key, 0o600);
    await rename(temp.key, paths.key);
    await rename(temp.cert, paths.cert);
  } catch (cause) {
    await Promise.all([rm(temp.cert, { force: true }), rm(temp.key, { force: true })]);
    throw new TlsError(
      (cause as { code?: string }).code === 'ENOENT'
        ? `cannot make a self-signed certificate in ${dir}: "${openssl}" not found ` +
            '(install openssl, or mount a certificate with HTTPS_CERT and HTTPS_KEY)'
        : `cannot make a self-signed certificate in ${dir} (HELIOS_TLS_DIR)`,
      cause,
    );
  }
  return { ...paths, created: true };
}

/** `openssl req` arguments for an EC P-256 certificate valid for this host and loopback. */
export function opensslArgs(out: CertPaths, host = hostname()): string[] {
  const names = ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1'];
  if (/^[A-Za-z0-9.-]+$/.test(host) && host !== 'localhost') names.unshift(`DNS:${host}`);
  return [
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
    ...['-days', String(VALID_DAYS), '-subj', '/O=Helios/CN=helios-kclient self-signed'],
    ...['-addext', `subjectAltName=${names.join(',')}`],
    ...['-addext', 'basicConstraints=critical,CA:FALSE'],
    ...['-keyout', out.key, '-out', out.cert],
  ];
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}
