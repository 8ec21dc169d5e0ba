import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { TlsError } from './errors.ts';
import { defaultTlsDir, ensureSelfSignedCert } from './self-signed-cert.ts';

/** PEM certificate and key for the HTTPS listener. */
export interface TlsFiles {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** SHA-256 fingerprint of the certificate, `AB:CD:…`, to compare with what a browser shows. */
  readonly fingerprint: string;
  /** Mounted by the user, made on this start, or made on an earlier start and reused. */
  readonly origin: 'mounted' | 'created' | 'reused';
  readonly certPath: string;
}

/** Where the HTTPS certificate comes from (the `https` part of the gateway config). */
export interface TlsSource {
  /** Mounted certificate and key; they win over a self-signed pair. */
  readonly cert: string | undefined;
  readonly key: string | undefined;
  /** Folder for the self-signed pair. @default {@link defaultTlsDir} */
  readonly dir: string | undefined;
}

/**
 * The certificate and key to serve: the mounted pair when given, else the
 * self-signed pair kept in the TLS folder (made on the first start). Throws
 * {@link TlsError} naming the file and the variable behind it.
 */
export async function loadTls(source: TlsSource): Promise<TlsFiles> {
  if (source.cert !== undefined && source.key !== undefined) {
    return readTlsFiles(source.cert, source.key, 'mounted');
  }
  const made = await ensureSelfSignedCert(source.dir ?? defaultTlsDir());
  return readTlsFiles(made.cert, made.key, made.created ? 'created' : 'reused');
}

/** Reads a certificate and key and checks that they are PEM and belong together. */
async function readTlsFiles(
  certPath: string,
  keyPath: string,
  origin: TlsFiles['origin'] = 'mounted',
): Promise<TlsFiles> {
  const variable = (what: string) =>
    origin === 'mounted' ? (what === 'certificate' ? 'HTTPS_CERT' : 'HTTPS_KEY') : 'HELIOS_TLS_DIR';
  const read = async (path: string, what: string, marker: RegExp) => {
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch (cause) {
      throw new TlsError(`cannot read ${what} ${path} (${variable(what)})`, cause);
    }
    if (!marker.test(body.toString('latin1'))) {
      throw new TlsError(
        `${what} ${path} (${variable(what)})`,
        new Error(`expected PEM (${marker.source}), received something else`),
      );
    }
    return body;
  };
  const cert = await read(certPath, 'certificate', /-----BEGIN CERTIFICATE-----/);
  const key = await read(keyPath, 'key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (cause) {
    throw new TlsError(
      `certificate ${certPath} (${variable('certificate')}) is not a valid X.509 PEM`,
      cause,
    );
  }
  let matches: boolean;
  try {
    matches = x509.checkPrivateKey(createPrivateKey(key));
  } catch (cause) {
    throw new TlsError(`key ${keyPath} (${variable('key')}) is not a usable private key`, cause);
  }
  if (!matches) {
    throw new TlsError(
      `key ${keyPath} (${variable('key')})`,
      new Error(`expected the private key of ${certPath}, received another key`),
    );
  }
  return Object.freeze({ cert, key, fingerprint: x509.fingerprint256, origin, certPath });
}
