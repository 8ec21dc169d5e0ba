/**
 * Who decides the remote screen's size when several viewers share one
 * desktop (README, "Several viewers"): the owner is the earliest-connected
 * viewer with input that is still there, unless a later one took over. Only
 * the owner's SetDesktopSize reaches the VNC server; viewers that never
 * resize (view-only, or a page scaling the screen into its window) never own. When the owner leaves, the next viewer with input in connection order
 * owns the screen. Pure bookkeeping: the bridges hold and send the messages.
 */
export class ScreenOwnership<Viewer> {
  /** Viewers with input, owner first, then in connection order. */
  readonly #queue: Viewer[] = [];

  /** The viewer whose screen size applies, if any viewer with input is connected. */
  get owner(): Viewer | undefined {
    return this.#queue[0];
  }

  /**
   * A viewer connected. One that never resizes is not counted; one that
   * takes over owns the screen at once, the former owner being next in line.
   * @returns the owner before and after, so the caller can tell both
   */
  join(
    viewer: Viewer,
    options: { readonly resizes: boolean; readonly takeOver?: boolean },
  ): OwnerChange<Viewer> {
    const before = this.owner;
    if (!options.resizes || this.#queue.includes(viewer)) return { before, after: before };
    if (options.takeOver === true) this.#queue.unshift(viewer);
    else this.#queue.push(viewer);
    return { before, after: this.owner };
  }

  /** A viewer left (one never counted changes nothing). */
  leave(viewer: Viewer): OwnerChange<Viewer> {
    const before = this.owner;
    const index = this.#queue.indexOf(viewer);
    if (index >= 0) this.#queue.splice(index, 1);
    return { before, after: this.owner };
  }
}

/** The owner before and after a {@link ScreenOwnership} change; the same viewer when nothing changed. */
export interface OwnerChange<Viewer> {
  readonly before: Viewer | undefined;
  readonly after: Viewer | undefined;
}
