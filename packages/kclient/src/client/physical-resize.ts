import type RFB from '@novnc/novnc';
import { physicalSize } from './hidpi-mode.ts';

/**
 * The two noVNC 1.7 internals this relies on (the version is pinned in the
 * workspace catalog). `_requestRemoteResize` asks the server for
 * `_screenSize()`, the element's size in CSS pixels; noVNC has no option for
 * physical pixels.
 */
interface NoVncResizeInternals {
  _screenSize(): { w: number; h: number };
  _requestRemoteResize(): void;
}

function hasResizeInternals(rfb: object): rfb is NoVncResizeInternals {
  const internals = rfb as Partial<NoVncResizeInternals>;
  return typeof internals._screenSize === 'function' && typeof internals._requestRemoteResize === 'function';
}

/**
 * Makes noVNC's resizeSession ask for the element's size times `pixelRatio()`
 * (read at each request, so a later change of ratio applies on the next
 * resize). Only the resize request sees the larger size: scaleViewport still
 * fits the framebuffer into the CSS box, which on a ratio-2 screen shows
 * each remote pixel on one physical pixel and keeps mouse mapping right.
 * Returns false, changing nothing, when this noVNC lacks the internals.
 */
export function requestPhysicalSize(rfb: RFB, pixelRatio: () => number): boolean {
  if (!hasResizeInternals(rfb)) return false;
  const cssSize = rfb._screenSize.bind(rfb);
  const request = rfb._requestRemoteResize.bind(rfb);
  rfb._requestRemoteResize = () => {
    // Shadow the prototype method for this one call, then uncover it again.
    rfb._screenSize = () => physicalSize(cssSize(), pixelRatio());
    try {
      request();
    } finally {
      delete (rfb as Partial<NoVncResizeInternals>)._screenSize;
    }
  };
  return true;
}
