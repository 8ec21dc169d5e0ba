import { describe, expect, it } from 'vitest';
import { YAMLParseError } from 'yaml';
import { DuplicateKeyError, YamlSyntaxError } from './errors.ts';
import { parseYamlSource } from './parse-yaml-source.ts';

function parse(text: string) {
  return parseYamlSource({ file: 'm.yaml', text });
}

describe('parseYamlSource', () => {
  it('parses with the core schema: dates and yes/no stay strings', () => {
    expect(parse('a: 2024-01-01\nb: yes\nc: 1\nd: ~\n').value).toEqual({
      a: '2024-01-01',
      b: 'yes',
      c: 1,
      d: null,
    });
  });

  it('keeps the YAML 1.2 core schema under a %YAML 1.1 directive, without merge keys', () => {
    expect(parse('%YAML 1.1\n---\na: yes\nb: &x {c: 1}\nd:\n  <<: *x\n').value).toEqual({
      a: 'yes',
      b: { c: 1 },
      d: { '<<': { c: 1 } },
    });
  });

  it('locates keys and values in block and flow style, past comments and line breaks', () => {
    const source = parse(
      'packages:  # the map\n  - debian: curl\n    rhel:\n      curl-minimal\ninherit: {ubuntu: [common, debian]}\n',
    );
    const at = (path: (string | number)[], part?: 'key' | 'value') => {
      const location = source.locator.locate(path, part);
      return `${location.line}:${location.column}`;
    };
    expect(at(['packages'])).toBe('2:3');
    expect(at(['packages', 0, 'debian'], 'key')).toBe('2:5');
    expect(at(['packages', 0, 'debian'])).toBe('2:13');
    expect(at(['packages', 0, 'rhel'])).toBe('4:7');
    expect(at(['inherit', 'ubuntu'], 'key')).toBe('5:11');
    expect(at(['inherit', 'ubuntu', 1])).toBe('5:28');
  });

  it('falls back to the deepest node it can reach for a path the syntax does not have', () => {
    const source = parse('packages:\n  - debian: curl\n');
    expect(source.locator.locate(['packages', 5, 'x'])).toEqual({ file: 'm.yaml', line: 2, column: 3 });
  });

  it('counts columns after CRLF line ends like after LF', () => {
    const source = parse('packages:\r\n  - debian: curl\r\n');
    expect(source.locator.locate(['packages', 0, 'debian'])).toEqual({ file: 'm.yaml', line: 2, column: 13 });
  });

  it('counts a byte order mark as the character it is in the text', () => {
    const source = parse('\uFEFFpackages:\n  - debian: curl\n');
    expect(source.locator.locate(['packages', 0, 'debian'])).toEqual({ file: 'm.yaml', line: 2, column: 13 });
  });

  it('points at the key of an empty value, and at line 1 for an empty file', () => {
    expect(parse('packages:\n  - debian:\n').locator.locate(['packages', 0, 'debian'])).toEqual({
      file: 'm.yaml',
      line: 2,
      column: 5,
    });
    expect(parse('').locator.locate([])).toEqual({ file: 'm.yaml', line: 1, column: 1 });
  });

  it('lists the keys of every item of a list in document order, with their positions', () => {
    const keys = parse('packages:\n  - rhel: a\n    2: b\n  - c\n  - {alpine: d}\n').locator.locateItemKeys([
      'packages',
    ]);
    expect(
      keys.map((item) => item.map(({ key, location }) => `${key}@${location.line}:${location.column}`)),
    ).toEqual([['rhel@2:5', '2@3:5'], [], ['alpine@5:6']]);
  });

  it("throws a YamlSyntaxError with position and yaml's error as cause", () => {
    const error = (() => {
      try {
        parse('a: [b\n');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(YamlSyntaxError);
    expect((error as YamlSyntaxError).location).toEqual({ file: 'm.yaml', line: 2, column: 1 });
    expect((error as YamlSyntaxError).cause).toBeInstanceOf(YAMLParseError);
    expect(((error as YamlSyntaxError).cause as YAMLParseError).code).toBe('BAD_INDENT');
  });

  it('reports the earliest of several problems', () => {
    expect(() => parse('a: 1\na: 2\nb: [c\n')).toThrow(DuplicateKeyError);
  });

  it('names a duplicate key and where it was first used, past anchors and tags', () => {
    expect(() => parse('a: 1\nb: 2\n&x a: 3\n')).toThrow(
      'm.yaml:3:4: duplicate key "a" in one mapping (first at m.yaml:1:1): expected each key once per mapping, received "a" again',
    );
  });

  it('names a duplicate key and where it was first used, even deep in the file', () => {
    expect(() => parse('inherit:\n  a: []\n  b:\n    - x\n  a: [y]\n')).toThrow(DuplicateKeyError);
    expect(() => parse('inherit:\n  a: []\n  b:\n    - x\n  a: [y]\n')).toThrow(
      'm.yaml:5:3: duplicate key "a" in one mapping (first at m.yaml:2:3): expected each key once per mapping, received "a" again',
    );
  });

  it('rejects a file with two documents', () => {
    expect(() => parse('a: 1\n---\nb: 2\n')).toThrow(YamlSyntaxError);
  });
});
