import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors.ts';
import { FilesError } from './file-errors.ts';
import { basicUserOf, outcomeOf } from './transfer-record.ts';
import { UploadAbortedError } from './upload-writer.ts';

describe('outcomeOf', () => {
  it('labels a refusal by its code, an abort as aborted, anything else as error', () => {
    expect(outcomeOf(new FilesError(ERROR_CODES.FILES_TOO_LARGE, 'x'))).toBe('too_large');
    expect(outcomeOf(new FilesError(ERROR_CODES.FILES_BAD_PATH, 'x'))).toBe('bad_path');
    expect(outcomeOf(new UploadAbortedError())).toBe('aborted');
    expect(outcomeOf(new Error('boom'))).toBe('error');
  });
});

describe('basicUserOf', () => {
  it('names the Basic-auth user, and nobody for a token or no header', () => {
    const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
    expect(basicUserOf(basic('alice:secret:with:colons'))).toBe('alice');
    expect(basicUserOf(basic(':nopass'))).toBeUndefined();
    expect(basicUserOf('Bearer tok')).toBeUndefined();
    expect(basicUserOf(undefined)).toBeUndefined();
  });
});
