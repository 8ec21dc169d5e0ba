import type { FileTransferPolicy } from './files/file-policy.ts';
import { type HttpsAnnouncement, renderPage } from './page.ts';
import { makeStaticFile, type StaticFile } from './static-files.ts';

/**
 * The two rendered pages of the client, `{prefix}` and `{prefix}view-only/`.
 * They are rendered again when what they announce changes: the HTTPS port is
 * only certain once its listener is up (it may be a free port, or fail),
 * and HTTP already serves pages before that.
 */
export class ClientPages {
  readonly #template: string;
  readonly #title: string;
  readonly #mainViewOnly: boolean;
  readonly #video: 'on' | 'off';
  readonly #fileTransfer: FileTransferPolicy;
  readonly #fileMaxMb: number;
  #main: StaticFile;
  #viewOnly: StaticFile;

  /**
   * @param template The client's `index.html`.
   * @param options `mainViewOnly`: `{prefix}` itself is view-only (HELIOS_VIEW_ONLY);
   * `video`: the `helios-video` meta tag; `fileTransfer` and `fileMaxMb`: the
   * `helios-file-transfer` and `helios-file-max-mb` meta tags (the view-only
   * page always says `off`). @default video 'off', fileTransfer 'off', fileMaxMb 10240
   */
  constructor(
    template: Buffer,
    options: {
      readonly title: string;
      readonly mainViewOnly: boolean;
      readonly https: HttpsAnnouncement;
      readonly video?: 'on' | 'off';
      readonly fileTransfer?: FileTransferPolicy;
      readonly fileMaxMb?: number;
    },
  ) {
    this.#template = template.toString('utf8');
    this.#title = options.title;
    this.#mainViewOnly = options.mainViewOnly;
    this.#video = options.video ?? 'off';
    this.#fileTransfer = options.fileTransfer ?? 'off';
    this.#fileMaxMb = options.fileMaxMb ?? 10_240;
    this.#main = this.#render(options.mainViewOnly, options.https);
    this.#viewOnly = this.#render(true, options.https);
  }

  /** The page under `{prefix}`. */
  get main(): StaticFile {
    return this.#main;
  }

  /** The page under `{prefix}view-only/`. */
  get viewOnly(): StaticFile {
    return this.#viewOnly;
  }

  /** Renders both pages again with the HTTPS port as it turned out. */
  announceHttps(https: HttpsAnnouncement): void {
    this.#main = this.#render(this.#mainViewOnly, https);
    this.#viewOnly = this.#render(true, https);
  }

  #render(viewOnly: boolean, https: HttpsAnnouncement): StaticFile {
    const body = renderPage(this.#template, {
      title: this.#title,
      viewOnly,
      https,
      video: this.#video,
      fileTransfer: viewOnly ? 'off' : this.#fileTransfer,
      fileMaxMb: this.#fileMaxMb,
    });
    return makeStaticFile('index.html', Buffer.from(body));
  }
}
