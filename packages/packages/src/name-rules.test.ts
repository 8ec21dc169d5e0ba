import { describe, expect, it } from 'vitest';
import {
  GROUP_NAME_PATTERN,
  PACKAGE_NAME_PATTERN,
  whyInvalidGroupName,
  whyUnsafePackageName,
} from './name-rules.ts';

describe('PACKAGE_NAME_PATTERN', () => {
  it.each([
    'curl',
    'libstdc++6',
    'xfce4-whiskermenu-plugin',
    'Thunar',
    'perl-Hash-Merge-Simple',
    'nginx=1.22.1-9',
    'libc6:amd64',
    'firefox/bookworm-backports',
    'python3@edge',
    'foo-1.0~rc1',
    './local.deb',
    '/tmp/local.rpm',
    'https://kojipkgs.fedoraproject.org//vol/fedora_koji_archive06/packages/xssstate/1.1/18.fc35/x86_64/xssstate-1.1-18.fc35.x86_64.rpm',
  ])('accepts %s', (name) => {
    expect(PACKAGE_NAME_PATTERN.test(name)).toBe(true);
  });

  it.each([
    ['curl wget', 'the shell splits or expands a space (character 5)'],
    ['curl\tx', 'the shell splits or expands a tab (character 5)'],
    ['-y', 'a leading "-" is read as an option'],
    ['--force-yes', 'a leading "-" is read as an option'],
    ['~root', 'it starts with "~"'],
    ['$HOME', 'it starts with "$"'],
    ['a;b', 'the shell splits or expands ";" (character 2)'],
    ['a|b', 'the shell splits or expands "|" (character 2)'],
    ['a&b', 'the shell splits or expands "&" (character 2)'],
    ['a>b', 'the shell splits or expands ">" (character 2)'],
    ['a`b`', 'the shell splits or expands "`" (character 2)'],
    ['a$(b)', 'the shell splits or expands "$" (character 2)'],
    ['a*', 'the shell splits or expands "*" (character 2)'],
    ['a?', 'the shell splits or expands "?" (character 2)'],
    ['a[1]', 'the shell splits or expands "[" (character 2)'],
    ['{a,b}', 'it starts with "{"'],
    ["it's", 'the shell splits or expands "\'" (character 3)'],
    ['a"b', 'the shell splits or expands """ (character 2)'],
    ['a\\b', 'the shell splits or expands "\\" (character 2)'],
    ['perl(Foo)', 'the shell splits or expands "(" (character 5)'],
    ['!x', 'it starts with "!"'],
    ['#x', 'it starts with "#"'],
    ['ünicode', 'it starts with "ü"'],
  ])('rejects %j: %s', (name, why) => {
    expect(PACKAGE_NAME_PATTERN.test(name)).toBe(false);
    expect(whyUnsafePackageName(name)).toBe(why);
  });
});

describe('GROUP_NAME_PATTERN', () => {
  it.each(['debian', 'selkies-rhel', 'alpine-3.20', 'rocky_9', '9'])('accepts %s', (name) => {
    expect(GROUP_NAME_PATTERN.test(name)).toBe(true);
  });

  it.each([
    ['../etc', 'it starts with "."'],
    ['.hidden', 'it starts with "."'],
    ['a/b', '"/" at character 2'],
    ['a b', 'a space at character 2'],
    ['-x', 'it starts with "-"'],
  ])('rejects %j because it names a list file: %s', (name, why) => {
    expect(GROUP_NAME_PATTERN.test(name)).toBe(false);
    expect(whyInvalidGroupName(name)).toBe(why);
  });
});
