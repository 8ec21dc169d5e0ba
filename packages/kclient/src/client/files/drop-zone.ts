/** What the page does with files dragged over it. */
export interface DropZoneOptions {
  /** Whether a drop uploads; otherwise it shows why not. */
  readonly uploadAllowed: boolean;
  /** The hint shown while files are dragged over the page (`Drop to upload to ~/Downloads`). */
  hintText(): string;
  onFiles(files: readonly File[]): void;
  /** Files were dropped where uploads are off. */
  onRefused(): void;
}

/** Whether a drag carries files (not text or a link dragged from another page). */
function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * Makes the whole page a drop target for files: a hint covers it while
 * files are dragged over (it lets the pointer through, so the drag still
 * reaches the page), and a drop uploads them, or, where uploads are off,
 * shows why instead of letting the browser open the file in place of the
 * desktop. Drags of anything but files are left to the page.
 */
export function mountDropZone(options: DropZoneOptions): void {
  const hint = document.createElement('div');
  hint.id = 'files-drop-hint';
  hint.hidden = true;
  hint.setAttribute('aria-hidden', 'true');
  document.body.append(hint);
  // dragenter and dragleave fire for every element crossed: count them.
  let depth = 0;
  const hide = () => {
    depth = 0;
    hint.hidden = true;
  };

  document.addEventListener('dragenter', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth += 1;
    hint.textContent = options.uploadAllowed ? options.hintText() : 'Uploads are off on this desktop';
    hint.dataset.allowed = String(options.uploadAllowed);
    hint.hidden = false;
  });
  document.addEventListener('dragover', (event) => {
    if (!carriesFiles(event)) return;
    // Without this the browser does not offer the drop (and opens the file instead).
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = options.uploadAllowed ? 'copy' : 'none';
    hint.hidden = false;
  });
  document.addEventListener('dragleave', (event) => {
    if (!carriesFiles(event)) return;
    depth -= 1;
    if (depth <= 0) hide();
  });
  document.addEventListener('drop', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    hide();
    const files = [...(event.dataTransfer?.files ?? [])];
    if (!options.uploadAllowed) options.onRefused();
    else if (files.length > 0) options.onFiles(files);
  });
  window.addEventListener('blur', hide);
}
