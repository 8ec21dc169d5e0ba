/**
 * `content-disposition` of a download: `attachment; filename*=UTF-8''<name>`
 * (RFC 6266 with RFC 5987 encoding), so any name, in any script, arrives as
 * it is on disk and can never break out of the header.
 */
export function attachmentDisposition(name: string): string {
  // encodeURIComponent leaves '()*! unescaped; RFC 5987's attr-char allows only ! of them.
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename*=UTF-8''${encoded}`;
}
