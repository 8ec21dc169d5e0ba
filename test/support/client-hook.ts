/**
 * The automation hook the Helios browser client exposes as
 * `window.heliosClient` (see @helios/kclient's README). Declared here rather
 * than imported: the e2e suite treats the client as a black box.
 */
interface HeliosClientHook {
  state: 'connecting' | 'connected' | 'disconnected';
  rfb: unknown;
  viewOnly: boolean;
}

declare global {
  interface Window {
    heliosClient: HeliosClientHook;
    /** The RFB object of the connection a test remembered. */
    heliosFirstRfb?: unknown;
  }
}
