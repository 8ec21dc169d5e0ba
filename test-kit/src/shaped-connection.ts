import type { Socket } from 'node:net';
import type { ShapedPipe } from './shaped-pipe.ts';

/**
 * Where a relayed connection is: `open` while either direction may carry
 * data, `resetting` while a reset travels to the other side, `closed` once
 * both sockets are gone.
 */
type ConnectionState = 'open' | 'resetting' | 'closed';

/** The two sockets of a relayed connection and the pipe for each direction. */
export interface ShapedConnectionParts {
  /** The socket the link accepted from its client (the browser). */
  readonly client: Socket;
  /** The socket the link opened to its target (the gateway). */
  readonly target: Socket;
  readonly clientToTarget: ShapedPipe;
  readonly targetToClient: ShapedPipe;
  /** How long a reset takes to cross the link, like any other packet. */
  readonly oneWayMs: number;
  /** Called once, when both sockets have closed. */
  readonly onClosed: (connection: ShapedConnection) => void;
}

/**
 * One client connection relayed to the target. Half-closes pass through the
 * pipes (after the queued data); a reset or error on either socket drops what
 * is queued and resets the other socket half an RTT later.
 */
export class ShapedConnection {
  readonly clientToTarget: ShapedPipe;
  readonly targetToClient: ShapedPipe;
  /** Settles once both sockets have closed. */
  readonly closed: Promise<void>;
  #markClosed: () => void = () => {};
  readonly #client: Socket;
  readonly #target: Socket;
  readonly #oneWayMs: number;
  readonly #onClosed: (connection: ShapedConnection) => void;
  #state: ConnectionState = 'open';
  #resetTimer: NodeJS.Timeout | undefined;

  constructor(parts: ShapedConnectionParts) {
    this.#client = parts.client;
    this.#target = parts.target;
    this.clientToTarget = parts.clientToTarget;
    this.targetToClient = parts.targetToClient;
    this.#oneWayMs = parts.oneWayMs;
    this.#onClosed = parts.onClosed;
    this.closed = new Promise((resolve) => {
      this.#markClosed = resolve;
    });
    for (const socket of [this.#client, this.#target]) {
      socket.on('error', () => this.#reset(socket));
      socket.on('close', () => this.#socketClosed(socket));
    }
  }

  /** Closes both sockets at once, dropping what is queued: the link is shutting down. See {@link closed}. */
  destroy(): void {
    this.#stopPipes();
    clearTimeout(this.#resetTimer);
    this.#client.destroy();
    this.#target.destroy();
  }

  #reset(origin: Socket): void {
    if (this.#state !== 'open') return;
    this.#state = 'resetting';
    this.#stopPipes();
    origin.destroy();
    const peer = origin === this.#client ? this.#target : this.#client;
    this.#resetTimer = setTimeout(() => {
      if (!peer.destroyed) peer.resetAndDestroy();
    }, this.#oneWayMs);
  }

  #socketClosed(socket: Socket): void {
    // Nothing more can be written into a closed socket; what its pipe still
    // holds would never arrive.
    (socket === this.#client ? this.targetToClient : this.clientToTarget).stop();
    if (this.#state === 'closed' || !this.#client.closed || !this.#target.closed) return;
    this.#state = 'closed';
    this.#stopPipes();
    clearTimeout(this.#resetTimer);
    this.#onClosed(this);
    this.#markClosed();
  }

  #stopPipes(): void {
    this.clientToTarget.stop();
    this.targetToClient.stop();
  }
}
