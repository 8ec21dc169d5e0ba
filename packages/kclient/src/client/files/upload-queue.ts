import type { FilePath } from './file-paths.ts';
import { describeFailure, EXISTS_CODE, type FailureMessage } from './transfer-failure.ts';
import { numberedName, uploadName } from './upload-names.ts';
import type { SendUpload, UploadRequest } from './upload-request.ts';

/** `queued → sending → done | failed | cancelled`; a queued upload may be cancelled before it starts. */
export type UploadState = 'queued' | 'sending' | 'done' | 'failed' | 'cancelled';

/** One file the user gave, as the panel shows it. */
export interface Upload {
  readonly id: number;
  /** The name it is stored under (numbered when the first choice was taken). */
  readonly name: string;
  readonly folder: FilePath;
  readonly size: number;
  readonly state: UploadState;
  readonly sentBytes: number;
  /** Why it failed or that it was cancelled. */
  readonly failure: FailureMessage | undefined;
}

/** What an {@link UploadQueue} needs from the page. */
export interface UploadQueueOptions {
  readonly send: SendUpload;
  /** The `PUT` URL of a file. */
  readonly urlOf: (path: FilePath) => string;
  /**
   * Names already in a folder, so the first try is a free name; undefined
   * when the page may not list (policy `upload`): the gateway's 409 decides.
   */
  readonly namesIn: (folder: FilePath) => Promise<ReadonlySet<string> | undefined>;
  /** Called after every change of an upload. */
  readonly onChange: (upload: Upload) => void;
  /** Called after a file was stored, to show it in the listing. */
  readonly onStored: (folder: FilePath) => void;
}

/** How many numbered names an upload tries before it gives up on a folder full of them. */
const MAX_NAME_TRIES = 100;
/** Tries when the listing chose the name: a clash is a race with another writer. */
const RACE_TRIES = 3;

interface Entry {
  upload: Upload;
  readonly body: Blob;
  request: UploadRequest | undefined;
}

/**
 * Sends the user's files one after the other (one progress bar moves at a
 * time, and the gateway writes one file at a time). A name that exists
 * becomes `name (1).ext`, `name (2).ext`…: never replaced.
 */
export class UploadQueue {
  readonly #options: UploadQueueOptions;
  readonly #entries: Entry[] = [];
  #nextId = 1;
  #running = false;

  constructor(options: UploadQueueOptions) {
    this.#options = options;
  }

  /** Queues `files` for `folder` and returns them as queued. */
  add(files: readonly File[], folder: FilePath): readonly Upload[] {
    const added = files.map((file) => {
      const entry: Entry = {
        upload: {
          id: this.#nextId++,
          name: uploadName(file.name),
          folder,
          size: file.size,
          state: 'queued',
          sentBytes: 0,
          failure: undefined,
        },
        body: file,
        request: undefined,
      };
      this.#entries.push(entry);
      return entry.upload;
    });
    void this.#run();
    return added;
  }

  /** Stops an upload that is queued or sending; a finished one stays as it is. */
  cancel(id: number): void {
    const entry = this.#entries.find((candidate) => candidate.upload.id === id);
    if (entry === undefined) return;
    if (entry.request !== undefined) entry.request.abort();
    else if (entry.upload.state === 'queued' || entry.upload.state === 'sending') {
      this.#finish(entry, 'cancelled', describeFailure({ kind: 'cancelled' }));
    }
  }

  /** Whether a file is being sent or waits for its turn. */
  get busy(): boolean {
    return this.#entries.some((entry) => entry.upload.state === 'queued' || entry.upload.state === 'sending');
  }

  async #run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (;;) {
        const entry = this.#entries.find((candidate) => candidate.upload.state === 'queued');
        if (entry === undefined) return;
        await this.#send(entry);
      }
    } finally {
      this.#running = false;
    }
  }

  async #send(entry: Entry): Promise<void> {
    this.#update(entry, { state: 'sending' });
    const base = entry.upload.name;
    const folder = entry.upload.folder;
    const listed = await this.#options.namesIn(folder).catch(() => undefined);
    const taken = new Set(listed);
    // With a listing the first name tried is free: a clash then is a race, or
    // a file where a folder should be, which no numbering mends.
    const maxTries = listed === undefined ? MAX_NAME_TRIES : RACE_TRIES;
    let refusal: FailureMessage | undefined;
    let n = 0;
    for (let tries = 0; tries < maxTries; tries++) {
      while (taken.has(numberedName(base, n))) n++;
      // Cancelled while the listing was read, or between two names.
      if (entry.upload.state !== 'sending') return;
      const name = numberedName(base, n);
      this.#update(entry, { name, sentBytes: 0 });
      const request = this.#options.send(this.#options.urlOf([...folder, name]), entry.body, (sentBytes) =>
        this.#update(entry, { sentBytes }),
      );
      entry.request = request;
      const result = await request.done;
      entry.request = undefined;
      if (result.ok) {
        this.#finish(entry, 'done', undefined, { sentBytes: entry.upload.size });
        this.#options.onStored(folder);
        return;
      }
      refusal = describeFailure(result.failure);
      if (refusal.code !== EXISTS_CODE) break;
      taken.add(name);
    }
    this.#finish(entry, refusal?.code === 'CANCELLED' ? 'cancelled' : 'failed', refusal);
  }

  #finish(
    entry: Entry,
    state: UploadState,
    failure: FailureMessage | undefined,
    more: Partial<Upload> = {},
  ): void {
    this.#update(entry, { ...more, state, failure });
  }

  #update(entry: Entry, changes: Partial<Upload>): void {
    entry.upload = { ...entry.upload, ...changes };
    this.#options.onChange(entry.upload);
  }
}
