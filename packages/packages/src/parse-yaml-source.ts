import {
  type Document,
  isMap,
  LineCounter,
  type ParsedNode,
  parseDocument,
  visit,
  type YAMLError,
} from 'yaml';
import { quote } from './describe-value.ts';
import { DocumentLocator, objectKey, type YamlLocator } from './document-locator.ts';
import { DuplicateKeyError, YamlSyntaxError } from './errors.ts';
import { formatLocation } from './source-location.ts';

/** The text of one package map file, and the name to report it by. */
export interface SourceText {
  /** The file name used in messages (as given by the user, or any label for in-memory text). */
  readonly file: string;
  /** The YAML text. */
  readonly text: string;
}

/** One file after YAML parsing: the plain value plus a way back to its lines and columns. */
export interface ParsedSource {
  readonly file: string;
  /** The plain value (core schema: strings, numbers, booleans, null, lists, mappings). */
  readonly value: unknown;
  /** Finds the position of any key or value of {@link ParsedSource.value}. */
  readonly locator: YamlLocator;
}

/** yaml's own wording points at its API; say what the user did instead. */
const REWORDED: Partial<Record<YAMLError['code'], string>> = {
  MULTIPLE_DOCS: 'a second document (a --- line) in one file',
};

/**
 * Parses one YAML file with `yaml`, which records where every node is and reports
 * syntax errors and duplicate keys with their offsets, so positions come from the
 * parser itself. YAML 1.2's core schema keeps the values plain, even under a
 * `%YAML 1.1` directive: no timestamps or merge keys, and `yes`/`on` stay strings.
 *
 * @throws {YamlSyntaxError} when the text is not YAML, holds more than one document, or
 *   has something `yaml` only warns about (an unknown tag such as `!foo`).
 * @throws {DuplicateKeyError} when one mapping repeats a key.
 */
export function parseYamlSource(source: SourceText): ParsedSource {
  const lines = new LineCounter();
  const document = parseDocument(source.text, {
    lineCounter: lines,
    prettyErrors: false,
    schema: 'core',
    merge: false,
    // Keys that become one key of the parsed object are duplicates, whatever their type.
    uniqueKeys: (a, b) => objectKey(a) === objectKey(b),
    // Not 'silent', which also drops the error for a second document; 'error' only mutes console warnings.
    logLevel: 'error',
  });
  const locator = new DocumentLocator(source.file, document.contents, lines);
  // Warnings count too: each marks text that would be read other than it looks.
  const [first] = [...document.errors, ...document.warnings].sort((a, b) => a.pos[0] - b.pos[0]);
  if (first !== undefined) {
    throw first.code === 'DUPLICATE_KEY'
      ? duplicateKeyError(document, first, locator)
      : syntaxError(source.text, REWORDED[first.code] ?? first.message, first.pos[0], locator, first);
  }
  let value: unknown;
  try {
    value = document.toJS();
  } catch (error) {
    // An alias without its anchor, or aliases that expand beyond yaml's limit.
    throw syntaxError(source.text, (error as Error).message, firstAliasOffset(document), locator, error);
  }
  return Object.freeze({ file: source.file, value, locator });
}

function syntaxError(
  text: string,
  reason: string,
  offset: number,
  locator: YamlLocator,
  cause: unknown,
): YamlSyntaxError {
  const location = locator.locateOffset(offset);
  const line = text.split('\n')[location.line - 1]?.trim() ?? '';
  return new YamlSyntaxError(`YAML syntax error: ${reason}`, {
    location,
    expected: 'valid YAML',
    received: offset >= text.length ? 'the end of the file' : line === '' ? 'an empty line' : quote(line),
    cause,
  });
}

/** yaml says where the repeated key is; find its mapping for the key and its first use. */
function duplicateKeyError(
  document: Document.Parsed,
  error: YAMLError,
  locator: YamlLocator,
): DuplicateKeyError {
  let key = 'a key';
  let earlier = '';
  visit(document, {
    Map(_, map) {
      if (!isMap<ParsedNode, unknown>(map)) return undefined;
      const repeated = map.items.find((pair) => pair.key.range[0] === error.pos[0])?.key;
      if (repeated === undefined) return undefined;
      key = quote(String(objectKey(repeated)));
      // The first pair with the same key; the repeated one itself comes later.
      const first = map.items.find((pair) => objectKey(pair.key) === objectKey(repeated))?.key;
      if (first !== undefined && first !== repeated) {
        earlier = ` (first at ${formatLocation(locator.locateOffset(first.range[0]))})`;
      }
      return visit.BREAK;
    },
  });
  return new DuplicateKeyError(`duplicate key ${key} in one mapping${earlier}`, {
    location: locator.locateOffset(error.pos[0]),
    expected: 'each key once per mapping',
    received: `${key} again`,
    cause: error,
  });
}

/** Where the first alias that does not resolve is, else the first alias. */
function firstAliasOffset(document: Document.Parsed): number {
  let found: number | undefined;
  visit(document, {
    Alias(_, alias) {
      const offset = alias.range?.[0] ?? 0;
      found ??= offset;
      if (alias.resolve(document) !== undefined) return undefined;
      found = offset;
      return visit.BREAK;
    },
  });
  return found ?? 0;
}
