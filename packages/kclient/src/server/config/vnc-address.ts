/** Where the VNC server listens. */
export type VncAddress =
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number };

/**
 * Parses `unix:/abs/path.sock` or `tcp:host:port` (`tcp:[::1]:5900` for IPv6).
 * Returns a problem description instead of throwing so the config schema can
 * report it next to the other issues.
 */
export function parseVncAddress(text: string): VncAddress | { readonly problem: string } {
  if (text.startsWith('unix:')) {
    const path = text.slice('unix:'.length);
    if (!path.startsWith('/')) return { problem: 'expected an absolute socket path after "unix:"' };
    return Object.freeze({ kind: 'unix', path });
  }
  if (text.startsWith('tcp:')) {
    const rest = text.slice('tcp:'.length);
    const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(rest);
    const host = match?.[1] ?? match?.[2];
    const port = Number(match?.[3]);
    if (host === undefined || !(port >= 1 && port <= 65535)) {
      return { problem: 'expected "tcp:HOST:PORT" with a port from 1 to 65535' };
    }
    return Object.freeze({ kind: 'tcp', host, port });
  }
  return { problem: 'expected "unix:/path/to.sock" or "tcp:HOST:PORT"' };
}
