/**
 * The canvas video mode draws into: laid exactly over noVNC's canvas (same
 * box on screen, kept in sync as that canvas is resized, scaled or moved),
 * with `pointer-events: none`, so noVNC's canvas underneath keeps the
 * pointer, the keyboard and the local cursor. Its drawing buffer has the
 * size of the video frames; the browser scales it into the box the way it
 * scales noVNC's framebuffer.
 */
export class VideoOverlay {
  readonly canvas: HTMLCanvasElement;
  readonly #context: CanvasRenderingContext2D;
  readonly #resizes: ResizeObserver;
  readonly #follow = () => this.#place();
  #target: HTMLCanvasElement | undefined;

  /** Inserts the overlay right after `screen` (the element noVNC draws into). */
  constructor(screen: HTMLElement) {
    this.canvas = document.createElement('canvas');
    this.canvas.id = 'video-overlay';
    this.canvas.width = 0;
    this.canvas.height = 0;
    this.canvas.setAttribute('aria-hidden', 'true');
    screen.after(this.canvas);
    const context = this.canvas.getContext('2d', { alpha: false });
    if (context === null) throw new Error('helios video: no 2D context for the video overlay');
    this.#context = context;
    this.#resizes = new ResizeObserver(this.#follow);
    this.#resizes.observe(screen);
    window.addEventListener('resize', this.#follow);
    // noVNC's screen scrolls when the framebuffer is larger than the window.
    document.addEventListener('scroll', this.#follow, true);
  }

  /** Follows this canvas of noVNC (a new one comes with each connection). */
  track(target: HTMLCanvasElement): void {
    if (this.#target !== undefined) this.#resizes.unobserve(this.#target);
    this.#target = target;
    this.#resizes.observe(target);
    this.#place();
  }

  /** Draws a decoded frame and closes it (a VideoFrame holds decoder memory until closed). */
  draw(frame: VideoFrame): void {
    try {
      if (this.canvas.width !== frame.displayWidth || this.canvas.height !== frame.displayHeight) {
        this.canvas.width = frame.displayWidth;
        this.canvas.height = frame.displayHeight;
      }
      this.#context.drawImage(frame, 0, 0);
    } finally {
      frame.close();
    }
  }

  remove(): void {
    this.#resizes.disconnect();
    window.removeEventListener('resize', this.#follow);
    document.removeEventListener('scroll', this.#follow, true);
    this.canvas.remove();
  }

  #place(): void {
    const box = this.#target?.getBoundingClientRect();
    const style = this.canvas.style;
    if (box === undefined || box.width === 0 || box.height === 0) {
      style.visibility = 'hidden';
      return;
    }
    style.visibility = '';
    style.left = `${box.left}px`;
    style.top = `${box.top}px`;
    style.width = `${box.width}px`;
    style.height = `${box.height}px`;
  }
}
