import { HTTPS_PORT_OFFSET } from './gateway-options.ts';

/** Whether and where HTTPS is served, decided from HTTP_PORT and HTTPS_PORT. */
export type HttpsPortPlan =
  | {
      readonly kind: 'port';
      readonly port: number;
      /**
       * True when HTTPS_PORT was unset and the port follows HTTP_PORT. Such a
       * port may be taken by something the user never thought about, so
       * failing to serve it is a warning; an explicit port is a promise.
       */
      readonly defaulted: boolean;
    }
  | {
      readonly kind: 'off';
      /** `asked`: HTTPS_PORT=off. `no-default`: unset, and HTTP_PORT leaves no port next to it. */
      readonly why: 'asked' | 'no-default';
    };

/**
 * Decides the HTTPS port: an explicit port or `off` as given; unset means
 * {@link HTTPS_PORT_OFFSET} above HTTP_PORT, except when HTTP_PORT is `0`
 * (a free port picked at listen time has no "next" port; library and test
 * use) or the last port.
 */
export function planHttpsPort(httpPort: number, httpsPort: number | 'off' | undefined): HttpsPortPlan {
  if (httpsPort === 'off') return { kind: 'off', why: 'asked' };
  if (httpsPort !== undefined) return { kind: 'port', port: httpsPort, defaulted: false };
  const next = httpPort + HTTPS_PORT_OFFSET;
  if (httpPort === 0 || next > 65535) return { kind: 'off', why: 'no-default' };
  return { kind: 'port', port: next, defaulted: true };
}
