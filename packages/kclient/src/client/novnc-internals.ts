import type RFB from '@novnc/novnc';

/**
 * The few noVNC 1.7 internals (version pinned in the workspace catalog) the
 * page sends its own RFB messages through: noVNC has no public way to send a
 * message it does not make itself (the multi-screen SetDesktopSize, the
 * refresh pull's update request).
 */
interface NoVncSendInternals {
  _sock: { sQpushBytes(bytes: Uint8Array): void; flush(): void };
  _fbWidth: number;
  _fbHeight: number;
}

function internalsOf(rfb: RFB): Partial<NoVncSendInternals> {
  return rfb as unknown as Partial<NoVncSendInternals>;
}

/** The framebuffer size the server sent, or undefined before ServerInit or without the internals. */
export function framebufferSize(rfb: RFB): { width: number; height: number } | undefined {
  const { _fbWidth: width, _fbHeight: height } = internalsOf(rfb);
  return typeof width === 'number' && typeof height === 'number' ? { width, height } : undefined;
}

/** Sends one whole RFB client message as is; false when this noVNC lacks the internals. */
export function sendRfbMessage(rfb: RFB, message: Uint8Array): boolean {
  const sock = internalsOf(rfb)._sock;
  if (sock === undefined) return false;
  sock.sQpushBytes(message);
  sock.flush();
  return true;
}
