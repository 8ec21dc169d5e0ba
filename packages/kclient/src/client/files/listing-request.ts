import { type FilePath, filesUrl } from './file-paths.ts';
import { type FolderListing, parseListing } from './folder-listing.ts';
import { describeFailure, type FailureMessage } from './transfer-failure.ts';

/** A folder's listing, or why there is none (`missing`: nothing at that path). */
export type ListingResult =
  | { readonly ok: true; readonly listing: FolderListing }
  | { readonly ok: false; readonly missing: boolean; readonly failure: FailureMessage };

/** `GET {prefix}files/<folder>/`, with the page's cookie (the token) and the browser's Basic credentials. */
export async function fetchListing(pageHref: string, folder: FilePath): Promise<ListingResult> {
  let response: Response;
  try {
    response = await fetch(filesUrl(pageHref, folder, { folder: true }), {
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    return { ok: false, missing: false, failure: describeFailure({ kind: 'network' }) };
  }
  const body = await response.text().catch(() => '');
  if (!response.ok) {
    return {
      ok: false,
      missing: response.status === 404,
      failure: describeFailure({ kind: 'http', status: response.status, body }),
    };
  }
  const parsed = parseListing(body);
  if ('problem' in parsed)
    return { ok: false, missing: false, failure: { code: 'BAD_LISTING', text: parsed.problem } };
  return { ok: true, listing: parsed };
}
