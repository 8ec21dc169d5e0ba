import { splitTarget } from '../upgrade-decision.ts';

/** An upgrade request aimed at the audio route. */
export interface AudioRoute {
  /**
   * The VNC bridge's URL next to the audio route (`…/audio?q` -> `…/websockify?q`).
   * The gateway asks its upgrade decision about this URL, so audio passes
   * exactly the origin, auth, limit and view-only rules of the bridge.
   */
  readonly bridgeUrl: string;
}

/** Recognises `{prefix}audio` and `{prefix}view-only/audio`; anything else is not audio. */
export function audioRouteOf(prefix: string, url: string): AudioRoute | undefined {
  const { pathname } = splitTarget(url);
  const query = url.slice(pathname.length);
  for (const folder of ['', 'view-only/']) {
    if (pathname === `${prefix}${folder}audio`) return { bridgeUrl: `${prefix}${folder}websockify${query}` };
  }
  return undefined;
}
