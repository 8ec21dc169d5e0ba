import { describe, expect, it } from 'vitest';
import { formatPackageList, listFileName } from './format-list.ts';

const list = { group: 'debian', packages: ['curl', 'libva2', 'xauth'] };
const empty = { group: 'frontend', packages: [] };

describe('formatPackageList', () => {
  it('writes words on one line by default, ready for $(cat file)', () => {
    expect(formatPackageList(list)).toBe('curl libva2 xauth\n');
  });

  it('writes one name per line with lines', () => {
    expect(formatPackageList(list, 'lines')).toBe('curl\nlibva2\nxauth\n');
  });

  it('writes a JSON array with json', () => {
    expect(JSON.parse(formatPackageList(list, 'json'))).toEqual(['curl', 'libva2', 'xauth']);
  });

  it('writes an empty file for an empty list, and [] in json', () => {
    expect(formatPackageList(empty)).toBe('');
    expect(formatPackageList(empty, 'lines')).toBe('');
    expect(formatPackageList(empty, 'json')).toBe('[]\n');
  });
});

describe('listFileName', () => {
  it('names list files <group>.list, and <group>.json for json', () => {
    expect(listFileName('debian')).toBe('debian.list');
    expect(listFileName('debian', 'lines')).toBe('debian.list');
    expect(listFileName('debian', 'json')).toBe('debian.json');
  });
});
