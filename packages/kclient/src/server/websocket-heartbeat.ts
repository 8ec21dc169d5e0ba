import type { WebSocket } from 'ws';

/**
 * Pings `ws` every `periodMs` and terminates it when the previous ping got no
 * pong: a peer that vanished without closing (a sleeping laptop, a dropped
 * network) frees its socket within two periods. `periodMs` 0 turns it off.
 * `onSilent` runs just before the socket is cut.
 * @returns a function that stops the heartbeat (call it when the socket closes).
 */
export function startHeartbeat(ws: WebSocket, periodMs: number, onSilent: () => void = () => {}): () => void {
  if (periodMs <= 0) return () => {};
  let alive = true;
  const onPong = () => {
    alive = true;
  };
  ws.on('pong', onPong);
  const timer = setInterval(() => {
    if (!alive) {
      onSilent();
      ws.terminate();
      return;
    }
    alive = false;
    ws.ping();
  }, periodMs).unref();
  return () => {
    clearInterval(timer);
    ws.off('pong', onPong);
  };
}
