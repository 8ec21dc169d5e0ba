/**
 * The automation hook the Helios browser client exposes as
 * `window.heliosClient` (see @helios/kclient's README). Declared here rather
 * than imported: the e2e suite treats the client as a black box.
 */
interface HeliosClientHook {
  state: 'connecting' | 'connected' | 'disconnected';
  rfb: unknown;
  viewOnly: boolean;
  /** HiDPI: `sharp` (physical pixels, desktop scaled) or `light` (CSS pixels), and what it asks of the desktop. */
  hidpi: {
    readonly mode: 'sharp' | 'light';
    readonly pixelRatio: number;
    readonly desktopScale: number | undefined;
  };
}

declare global {
  interface Window {
    heliosClient: HeliosClientHook;
    /** The RFB object of the connection a test remembered. */
    heliosFirstRfb?: unknown;
  }
}
