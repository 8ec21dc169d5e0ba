import { describe, expect, it } from 'vitest';
import { freeName, numberedName, uploadName } from './upload-names.ts';

describe('numberedName', () => {
  it('numbers the name before its extension, as file managers do', () => {
    expect(numberedName('report.pdf', 1)).toBe('report (1).pdf');
    expect(numberedName('report.pdf', 12)).toBe('report (12).pdf');
    expect(numberedName('photo.final.jpg', 2)).toBe('photo.final (2).jpg');
  });

  it('keeps .tar.gz and its kin whole', () => {
    expect(numberedName('backup.tar.gz', 1)).toBe('backup (1).tar.gz');
    expect(numberedName('backup.TAR.XZ', 1)).toBe('backup (1).TAR.XZ');
  });

  it('numbers names without an extension, and dotfiles, at the end', () => {
    expect(numberedName('Makefile', 1)).toBe('Makefile (1)');
    expect(numberedName('.bashrc', 1)).toBe('.bashrc (1)');
    expect(numberedName('.config.json', 1)).toBe('.config (1).json');
  });

  it('leaves the name as it is for 0', () => {
    expect(numberedName('a.txt', 0)).toBe('a.txt');
  });
});

describe('freeName', () => {
  it('keeps a name nobody has', () => {
    expect(freeName('a.txt', new Set(['b.txt']))).toBe('a.txt');
  });

  it('takes the first number not taken', () => {
    expect(freeName('a.txt', new Set(['a.txt', 'a (1).txt', 'a (3).txt']))).toBe('a (2).txt');
  });
});

describe('uploadName', () => {
  it('keeps ordinary names, spaces and non-Latin letters included', () => {
    expect(uploadName('My report (final).pdf')).toBe('My report (final).pdf');
    expect(uploadName('写真.jpg')).toBe('写真.jpg');
  });

  it('replaces backslashes, slashes and control characters, which the gateway refuses', () => {
    expect(uploadName('a\\b/c\n.txt')).toBe('a_b_c_.txt');
  });

  it('never sends . or .. or an empty name', () => {
    expect(uploadName('.')).toBe('_.');
    expect(uploadName('..')).toBe('_..');
    expect(uploadName('')).toBe('_');
  });
});
