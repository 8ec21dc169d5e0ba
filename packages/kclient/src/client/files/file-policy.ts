/**
 * What the gateway lets this page do with files (docs/file-transfer.md):
 * its `FILE_TRANSFER` policy, `off` on the view-only page whatever the policy.
 */
type FileTransferPolicy = 'off' | 'upload' | 'download' | 'both';

/** The directions a {@link FileTransferPolicy} allows, and the largest upload. */
export interface FileTransferRules {
  readonly upload: boolean;
  readonly download: boolean;
  /** `FILE_TRANSFER_MAX_MB` as the page announces it, undefined when it does not. */
  readonly maxMb: number | undefined;
}

const POLICIES: readonly string[] = ['off', 'upload', 'download', 'both'];

/**
 * Reads the `helios-file-transfer` and `helios-file-max-mb` meta values. A
 * missing or unknown policy is `off`: the page offers no file control unless
 * the gateway says in so many words that it may.
 */
export function fileTransferRules(
  policy: string | null | undefined,
  maxMb: string | null | undefined,
): FileTransferRules {
  const known = (POLICIES.includes(policy ?? '') ? policy : 'off') as FileTransferPolicy;
  const limit = Number(maxMb);
  return {
    upload: known === 'upload' || known === 'both',
    download: known === 'download' || known === 'both',
    maxMb: maxMb !== null && maxMb !== undefined && Number.isInteger(limit) && limit > 0 ? limit : undefined,
  };
}
