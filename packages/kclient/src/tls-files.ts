import { readFile } from 'node:fs/promises';
import { TlsError } from './errors.ts';

/** PEM certificate and key for the HTTPS listener. */
export interface TlsFiles {
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** Reads the mounted certificate and key; throws {@link TlsError} naming the file. */
export async function readTlsFiles(certPath: string, keyPath: string): Promise<TlsFiles> {
  const read = async (path: string, what: string, marker: RegExp) => {
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch (cause) {
      throw new TlsError(
        `cannot read ${what} ${path} (HTTPS_${what === 'certificate' ? 'CERT' : 'KEY'})`,
        cause,
      );
    }
    if (!marker.test(body.toString('latin1'))) {
      throw new TlsError(
        `${what} ${path}`,
        new Error(`expected PEM (${marker.source}), received something else`),
      );
    }
    return body;
  };
  return Object.freeze({
    cert: await read(certPath, 'certificate', /-----BEGIN CERTIFICATE-----/),
    key: await read(keyPath, 'key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/),
  });
}
