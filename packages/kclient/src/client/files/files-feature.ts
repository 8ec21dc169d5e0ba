import { mountDropZone } from './drop-zone.ts';
import { DOWNLOADS, displayPath, type FilePath, filesUrl, samePath } from './file-paths.ts';
import { type FileTransferRules, fileTransferRules } from './file-policy.ts';
import { FilesPanel } from './files-panel.ts';
import { FolderView } from './folder-view.ts';
import { fetchListing } from './listing-request.ts';
import { UploadQueue } from './upload-queue.ts';
import { sendWithXhr } from './upload-request.ts';
import { mountUploadRows } from './upload-rows.ts';

/** What the page wires the feature to. */
export interface FilesFeatureOptions {
  readonly pageHref: string;
  /** The view-only page never transfers, whatever its meta tag says. */
  readonly viewOnly: boolean;
  /** Gives keyboard focus back to the desktop (the panel closed while it had it). */
  readonly focusDesktop: () => void;
  /** The panel is opening from the toolbar: the toolbar may close. */
  readonly onOpen: () => void;
}

/** The feature as the toolbar sees it. */
export interface FilesFeature {
  /** The toolbar's section: the button that opens the files panel. */
  readonly toolbarSection: HTMLElement;
}

/**
 * File transfer on the page (docs/file-transfer.md, "The page"): reads the
 * gateway's `helios-file-transfer` and `helios-file-max-mb` meta tags and,
 * unless the policy is `off`, adds a Files button to the toolbar that opens
 * the files panel, and makes the whole page a drop target for uploads.
 * Returns undefined, and adds nothing at all, when the policy is `off`.
 */
export function mountFiles(options: FilesFeatureOptions): FilesFeature | undefined {
  const rules = readRules();
  if (options.viewOnly || (!rules.upload && !rules.download)) return undefined;

  let uploadFolder: FilePath = DOWNLOADS;
  const folderView = rules.download
    ? new FolderView({
        pageHref: options.pageHref,
        start: DOWNLOADS,
        onFolder(folder) {
          uploadFolder = folder;
          panel.showTarget(folder);
        },
        missingText: rules.upload ? 'The first upload creates it.' : '',
      })
    : undefined;

  const panel = new FilesPanel(rules, folderView, {
    upload: (files) => upload(files),
    opened: () => void folderView?.refresh(),
    closedWithFocus: options.focusDesktop,
  });
  panel.showTarget(uploadFolder);

  const showUpload = mountUploadRows(panel.uploadRows, (id) => queue.cancel(id));
  const queue = new UploadQueue({
    send: sendWithXhr,
    urlOf: (path) => filesUrl(options.pageHref, path, { folder: false }),
    async namesIn(folder) {
      if (!rules.download) return undefined;
      const result = await fetchListing(options.pageHref, folder);
      if (result.ok) return new Set(result.listing.entries.map((entry) => entry.name));
      return result.missing ? new Set() : undefined;
    },
    onChange: showUpload,
    onStored(folder) {
      if (folderView !== undefined && samePath(folderView.folder, folder)) void folderView.refresh();
    },
  });

  const upload = (files: readonly File[]) => {
    panel.showMessage(undefined);
    queue.add(files, uploadFolder);
    panel.open();
  };

  mountDropZone({
    uploadAllowed: rules.upload,
    hintText: () => `Drop to upload to ${displayPath(uploadFolder)}`,
    onFiles: upload,
    onRefused() {
      panel.showMessage(
        'Uploads are off on this desktop: its operator allows downloads only (FILE_TRANSFER=download).',
      );
      panel.open();
    },
  });

  const toolbarSection = document.createElement('section');
  toolbarSection.id = 'files-controls';
  toolbarSection.setAttribute('aria-label', 'Files');
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'files-toggle';
  button.textContent = rules.download ? 'Files…' : 'Upload files…';
  button.title = [
    rules.upload ? 'Upload files to the desktop' : '',
    rules.download ? 'Save files from it' : '',
  ]
    .filter(Boolean)
    .join(', ');
  button.addEventListener('click', () => {
    if (panel.isOpen) panel.close();
    else {
      options.onOpen();
      panel.open({ focus: true });
    }
  });
  panel.openedBy(button);
  toolbarSection.append(button);
  return { toolbarSection };
}

function readRules(): FileTransferRules {
  const meta = (name: string) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content');
  return fileTransferRules(meta('helios-file-transfer'), meta('helios-file-max-mb'));
}
