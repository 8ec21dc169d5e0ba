import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStaticFiles, resolveClientDir, staticKey } from './static-files.ts';

describe('staticKey', () => {
  it.each([
    ['', 'index.html'],
    ['app.js', 'app.js'],
    ['sub/', 'sub/index.html'],
    ['a%20b.css', 'a b.css'],
  ])('maps %j to %j', (rest, key) => {
    expect(staticKey(rest)).toBe(key);
  });

  it.each([
    '../etc/passwd',
    '%2e%2e/etc/passwd',
    'a/../../b',
    '..%2f..%2fetc',
    'a//b',
    '.%00.js',
    'a\\..\\b',
    '%zz',
  ])('refuses %j', (rest) => {
    expect(staticKey(rest)).toBeUndefined();
  });
});

describe('loadStaticFiles', () => {
  it('holds the folder in memory with types, etags and gzip for large text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kclient-static-'));
    writeFileSync(join(dir, 'index.html'), '<title>%HELIOS_TITLE%</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1);\n'.repeat(200));
    const files = await loadStaticFiles(dir, (path, body) =>
      path === 'index.html' ? Buffer.from(body.toString().replace('%HELIOS_TITLE%', 'T')) : body,
    );
    expect([...files.keys()].sort()).toEqual(['app.js', 'index.html']);
    expect(files.get('index.html')?.body.toString()).toBe('<title>T</title>');
    expect(files.get('index.html')?.contentType).toBe('text/html; charset=utf-8');
    expect(files.get('app.js')?.gzip?.length).toBeLessThan(200);
    expect(files.get('app.js')?.etag).toMatch(/^"[\w-]{22}"$/);
  });
});

describe('resolveClientDir', () => {
  it('explains where it looked when the client is missing', () => {
    expect(() => resolveClientDir('/nonexistent/client')).toThrow(
      'browser client not found: expected index.html in /nonexistent/client (set HELIOS_CLIENT_DIR or --client-dir)',
    );
  });
});
