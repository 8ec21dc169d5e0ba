import { progressText } from './byte-sizes.ts';
import { displayPath } from './file-paths.ts';
import type { Upload } from './upload-queue.ts';

/** Finished rows kept in view; older ones go, so the panel stays short. */
const KEEP_FINISHED = 10;

/**
 * The panel's list of uploads: per file its name, a progress bar, how far
 * it is or why it stopped (the gateway's own message), and Cancel while it
 * is queued or sending. Returns the function that shows an upload's change.
 */
export function mountUploadRows(root: HTMLElement, cancel: (id: number) => void): (upload: Upload) => void {
  const rows = new Map<number, HTMLLIElement>();
  return (upload) => {
    const known = rows.get(upload.id);
    const row = known ?? createRow(upload.id, cancel);
    renderRow(row, upload);
    if (known === undefined) {
      rows.set(upload.id, row);
      root.prepend(row);
      dropOldRows(root, rows);
    }
  };
}

function createRow(id: number, cancel: (id: number) => void): HTMLLIElement {
  const row = document.createElement('li');
  row.className = 'files-upload';
  row.dataset.id = String(id);
  const name = document.createElement('span');
  name.className = 'files-upload-name';
  const progress = document.createElement('progress');
  const status = document.createElement('span');
  status.className = 'files-upload-status';
  const stop = document.createElement('button');
  stop.type = 'button';
  stop.className = 'files-upload-cancel';
  stop.textContent = 'Cancel';
  stop.addEventListener('click', () => cancel(id));
  row.append(name, stop, progress, status);
  return row;
}

function renderRow(row: HTMLLIElement, upload: Upload): void {
  row.dataset.state = upload.state;
  // The gateway's code (HELIOS_KCLIENT_FILES_…) for scripts and tests; the text is for people.
  if (upload.failure === undefined) delete row.dataset.code;
  else row.dataset.code = upload.failure.code;
  const [name, stop, progress, status] = row.children as unknown as [
    HTMLSpanElement,
    HTMLButtonElement,
    HTMLProgressElement,
    HTMLSpanElement,
  ];
  name.textContent = upload.name;
  name.title = displayPath([...upload.folder, upload.name]);
  progress.max = Math.max(upload.size, 1);
  progress.value = upload.size === 0 && upload.state === 'done' ? 1 : upload.sentBytes;
  progress.hidden = upload.state !== 'sending' && upload.state !== 'queued';
  stop.hidden = upload.state !== 'sending' && upload.state !== 'queued';
  status.textContent = statusText(upload);
  status.setAttribute('role', upload.state === 'failed' ? 'alert' : 'status');
}

function statusText(upload: Upload): string {
  switch (upload.state) {
    case 'queued':
      return 'Waiting';
    case 'sending':
      return progressText(upload.sentBytes, upload.size);
    case 'done':
      return `Saved in ${displayPath(upload.folder)}`;
    case 'failed':
    case 'cancelled':
      return upload.failure?.text ?? 'Failed';
  }
}

function dropOldRows(root: HTMLElement, rows: Map<number, HTMLLIElement>): void {
  const finished = [...root.children].filter(
    (row) => !['queued', 'sending'].includes((row as HTMLElement).dataset.state ?? ''),
  );
  for (const row of finished.slice(KEEP_FINISHED)) {
    rows.delete(Number((row as HTMLElement).dataset.id));
    row.remove();
  }
}
