import { formatBytes } from './byte-sizes.ts';
import { breadcrumbs, displayPath, type FilePath, filesUrl } from './file-paths.ts';
import type { ListingEntry } from './folder-listing.ts';
import { fetchListing } from './listing-request.ts';

/**
 * The download side of the panel: a breadcrumb trail from Home (nothing
 * above it), the folder's subfolders to open and its files as links to
 * their `GET` URL with `download`, so a click hands the file to the
 * browser's own download, which streams it to disk.
 */
export class FolderView {
  readonly element: HTMLElement;
  readonly #pageHref: string;
  readonly #onFolder: (folder: FilePath) => void;
  readonly #missingText: string;
  readonly #crumbs: HTMLElement;
  readonly #list: HTMLUListElement;
  readonly #note: HTMLParagraphElement;
  #folder: FilePath;
  /** Answers to an older request are dropped: the user has moved on. */
  #generation = 0;

  /**
   * @param options `onFolder`: told where the user went (uploads go there);
   * `missingText`: what an empty path says (uploads create it, or not).
   */
  constructor(options: {
    pageHref: string;
    start: FilePath;
    onFolder: (folder: FilePath) => void;
    missingText: string;
  }) {
    this.#pageHref = options.pageHref;
    this.#onFolder = options.onFolder;
    this.#missingText = options.missingText;
    this.#folder = options.start;
    this.element = document.createElement('div');
    this.element.id = 'files-browser';
    const bar = document.createElement('div');
    bar.className = 'files-bar';
    this.#crumbs = document.createElement('nav');
    this.#crumbs.id = 'files-crumbs';
    this.#crumbs.setAttribute('aria-label', 'Folder');
    const refresh = document.createElement('button');
    refresh.type = 'button';
    refresh.id = 'files-refresh';
    refresh.textContent = '⟳';
    refresh.title = 'Refresh';
    refresh.addEventListener('click', () => void this.refresh());
    bar.append(this.#crumbs, refresh);
    this.#note = document.createElement('p');
    this.#note.id = 'files-list-note';
    this.#note.hidden = true;
    this.#list = document.createElement('ul');
    this.#list.id = 'files-list';
    this.element.append(bar, this.#note, this.#list);
  }

  /** The folder shown. */
  get folder(): FilePath {
    return this.#folder;
  }

  /** Opens `folder` and lists it. */
  async show(folder: FilePath): Promise<void> {
    this.#folder = folder;
    this.#onFolder(folder);
    await this.refresh();
  }

  /** Lists the folder shown again. */
  async refresh(): Promise<void> {
    const generation = ++this.#generation;
    const folder = this.#folder;
    this.#renderCrumbs(folder);
    this.element.setAttribute('aria-busy', 'true');
    const result = await fetchListing(this.#pageHref, folder);
    if (generation !== this.#generation) return;
    this.element.removeAttribute('aria-busy');
    if (result.ok) {
      this.#renderEntries(folder, result.listing.entries);
      this.#showNote(result.listing.entries.length === 0 ? `${displayPath(folder)} is empty` : undefined);
    } else {
      this.#list.replaceChildren();
      this.#showNote(
        result.missing ? `${displayPath(folder)} does not exist. ${this.#missingText}` : result.failure.text,
        !result.missing,
      );
    }
    this.element.dataset.loaded = String(generation);
  }

  #renderCrumbs(folder: FilePath): void {
    const trail = breadcrumbs(folder);
    this.#crumbs.replaceChildren(
      ...trail.flatMap((crumb, index) => {
        const step = document.createElement('button');
        step.type = 'button';
        step.className = 'files-crumb';
        step.textContent = crumb.label;
        if (index === trail.length - 1) step.setAttribute('aria-current', 'location');
        step.addEventListener('click', () => void this.show(crumb.path));
        return index === 0 ? [step] : [separator(), step];
      }),
    );
  }

  #renderEntries(folder: FilePath, entries: readonly ListingEntry[]): void {
    this.#list.replaceChildren(
      ...entries.map((entry) => {
        const item = document.createElement('li');
        item.dataset.type = entry.type;
        if (entry.type === 'dir') {
          const open = document.createElement('button');
          open.type = 'button';
          open.className = 'files-dir';
          // A trailing slash marks a folder in any font (an emoji needs one that has it).
          open.textContent = `${entry.name}/`;
          open.title = `Open ${displayPath([...folder, entry.name])}`;
          open.addEventListener('click', () => void this.show([...folder, entry.name]));
          item.append(open);
        } else {
          const link = document.createElement('a');
          link.className = 'files-file';
          link.href = filesUrl(this.#pageHref, [...folder, entry.name], { folder: false });
          link.download = entry.name;
          link.textContent = entry.name;
          link.title = `Save ${displayPath([...folder, entry.name])} with the browser`;
          const size = document.createElement('span');
          size.className = 'files-size';
          size.textContent = formatBytes(entry.size);
          item.append(link, size);
        }
        return item;
      }),
    );
  }

  #showNote(text: string | undefined, problem = false): void {
    this.#note.textContent = text ?? '';
    this.#note.hidden = text === undefined;
    this.#note.classList.toggle('files-problem', problem);
    if (problem) this.#note.setAttribute('role', 'alert');
    else this.#note.removeAttribute('role');
  }
}

function separator(): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = 'files-crumb-separator';
  span.textContent = '/';
  span.setAttribute('aria-hidden', 'true');
  return span;
}
