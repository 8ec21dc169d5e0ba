import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './content-disposition.ts';

describe('attachmentDisposition', () => {
  it('encodes the name per RFC 5987, so every name survives and none breaks the header', () => {
    expect(attachmentDisposition('a.txt')).toBe("attachment; filename*=UTF-8''a.txt");
    expect(attachmentDisposition('résumé (1).pdf')).toBe(
      "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%20%281%29.pdf",
    );
    expect(attachmentDisposition('x"; filename="evil.exe\r\nSet-Cookie: a=b')).toBe(
      "attachment; filename*=UTF-8''x%22%3B%20filename%3D%22evil.exe%0D%0ASet-Cookie%3A%20a%3Db",
    );
    expect(attachmentDisposition("it's*.txt")).toBe("attachment; filename*=UTF-8''it%27s%2A.txt");
  });

  it('round-trips through decodeURIComponent, as browsers read it', () => {
    const name = '日本語 ファイル.txt';
    const encoded = attachmentDisposition(name).split("''")[1] ?? '';
    expect(decodeURIComponent(encoded)).toBe(name);
  });
});
