import type RFB from '@novnc/novnc';
import { framebufferSize, sendRfbMessage } from './novnc-internals.ts';
import {
  NO_PULL,
  onArrival,
  PULL_INTERVAL_MS,
  type PullState,
  refreshOwed,
  shouldPull,
  updateRequestMessage,
} from './refresh-pull.ts';

/**
 * Asks for TigerVNC's lossless refresh every {@link PULL_INTERVAL_MS} while
 * one may be on its way (refresh-pull.ts). Only with continuous updates on:
 * then an incremental request only adds a moment for the server to send.
 */
export class RefreshPuller {
  readonly #rfb: () => RFB | undefined;
  #state: PullState = NO_PULL;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(rfb: () => RFB | undefined) {
    this.#rfb = rfb;
  }

  /** A message of `bytes` arrived while the page asked for `lossy` pictures or not. */
  received(bytes: number, lossy: boolean): void {
    this.#state = onArrival(this.#state, performance.now(), bytes, lossy);
    // The timer runs while a refresh is owed; each tick asks only once pictures stopped.
    if (this.#timer === undefined && refreshOwed(this.#state, performance.now())) {
      this.#timer = setInterval(() => this.#pull(), PULL_INTERVAL_MS);
    }
  }

  #pull(): void {
    const now = performance.now();
    if (!refreshOwed(this.#state, now)) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
    if (!shouldPull(this.#state, now)) return;
    const rfb = this.#rfb();
    // noVNC 1.7's own flag (pinned in the workspace catalog): without continuous updates noVNC asks itself.
    if (
      rfb === undefined ||
      (rfb as unknown as { _enabledContinuousUpdates?: boolean })._enabledContinuousUpdates !== true
    )
      return;
    const size = framebufferSize(rfb);
    if (size !== undefined) sendRfbMessage(rfb, updateRequestMessage(size.width, size.height));
  }
}
