import type { TransferFailure } from './transfer-failure.ts';

/** How one `PUT` ended: the size the gateway stored, or why not. */
export type UploadResult =
  | { readonly ok: true; readonly size: number }
  | { readonly ok: false; readonly failure: TransferFailure };

/** A `PUT` on its way. */
export interface UploadRequest {
  readonly done: Promise<UploadResult>;
  /** Stops sending; `done` then resolves as cancelled. */
  abort(): void;
}

/** Sends `body` to `url`, reporting the bytes sent so far. */
export type SendUpload = (url: string, body: Blob, onProgress: (sentBytes: number) => void) => UploadRequest;

/**
 * `PUT` with XMLHttpRequest, the one browser API that reports upload
 * progress; the browser reads the file from disk as it sends, so a large
 * file is never held in memory.
 */
export const sendWithXhr: SendUpload = (url, body, onProgress) => {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadResult>((resolve) => {
    xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded));
    xhr.addEventListener('load', () => {
      if (xhr.status === 201 || xhr.status === 200) {
        let size = body.size;
        try {
          const parsed = JSON.parse(xhr.responseText) as { size?: unknown };
          if (typeof parsed.size === 'number') size = parsed.size;
        } catch {
          // A success without the documented body still stored the file.
        }
        resolve({ ok: true, size });
      } else resolve({ ok: false, failure: { kind: 'http', status: xhr.status, body: xhr.responseText } });
    });
    xhr.addEventListener('error', () => resolve({ ok: false, failure: { kind: 'network' } }));
    xhr.addEventListener('abort', () => resolve({ ok: false, failure: { kind: 'cancelled' } }));
  });
  xhr.open('PUT', url);
  xhr.setRequestHeader('content-type', 'application/octet-stream');
  xhr.send(body);
  return { done, abort: () => xhr.abort() };
};
