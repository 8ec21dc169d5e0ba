import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { quote } from './describe-value.ts';
import { DuplicateKeyError, YamlSyntaxError } from './errors.ts';
import { formatLocation, LineIndex } from './source-location.ts';
import { YamlLocator } from './yaml-locator.ts';
import { type YamlNode, YamlTreeBuilder } from './yaml-node-tree.ts';

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
  /** What js-yaml produced (core schema: strings, numbers, booleans, null, lists, mappings). */
  readonly value: unknown;
  /** Finds the position of any key or value of {@link ParsedSource.value}. */
  readonly locator: YamlLocator;
}

const DUPLICATE_REASON = 'duplicated mapping key';

/**
 * Parses one YAML file and records where every node starts.
 *
 * js-yaml's composition listener costs a fraction of the parse (measured in the README), so the
 * fast parser gives positions for values too; duplicate keys and syntax errors already
 * come with js-yaml's own line and column. The core schema keeps the values plain: no
 * timestamps or merge keys, and `yes`/`on` stay strings as in YAML 1.2.
 *
 * @throws {YamlSyntaxError} when the text is not YAML, or holds more than one document.
 * @throws {DuplicateKeyError} when one mapping repeats a key.
 */
export function parseYamlSource(source: SourceText): ParsedSource {
  const tree = new YamlTreeBuilder();
  let value: unknown;
  try {
    value = load(source.text, { filename: source.file, schema: CORE_SCHEMA, listener: tree.listener });
  } catch (error) {
    if (error instanceof YAMLException) throw fromYamlException(source, error, tree.innermostOpen);
    throw error;
  }
  return Object.freeze({
    file: source.file,
    value,
    locator: new YamlLocator(source.file, source.text, tree.document),
  });
}

function fromYamlException(
  source: SourceText,
  error: YAMLException,
  innermostOpen: YamlNode | undefined,
): YamlSyntaxError | DuplicateKeyError {
  const lines = new LineIndex(source.file, source.text);
  const location = lines.locate(error.mark?.position ?? 0);
  if (error.reason === DUPLICATE_REASON) {
    const found = duplicateInMapping(innermostOpen);
    const key = found?.key ?? keyAt(source.text, location.line);
    const earlier = found === undefined ? '' : ` (first at ${formatLocation(lines.locate(found.first))})`;
    return new DuplicateKeyError(`duplicate key ${quote(key)} in one mapping${earlier}`, {
      location,
      expected: 'each key once per mapping',
      received: `${quote(key)} again`,
      cause: error,
    });
  }
  const line = source.text.split('\n')[location.line - 1]?.trim() ?? '';
  const atEnd = (error.mark?.position ?? 0) >= source.text.length;
  return new YamlSyntaxError(`YAML syntax error: ${error.reason}`, {
    location,
    expected: 'valid YAML',
    received: atEnd ? 'the end of the file' : line === '' ? 'an empty line' : quote(line),
    cause: error,
  });
}

/** The key text on a 1-based line: what precedes its `:`, without list dash or quotes. */
function keyAt(text: string, line: number): string {
  const content = text.split('\n')[line - 1] ?? '';
  const colon = content.search(/:(\s|$)/);
  return (colon === -1 ? content : content.slice(0, colon))
    .trim()
    .replace(/^-\s+/, '')
    .replace(/^['"]|['"]$/g, '');
}

/**
 * js-yaml throws right after composing the repeated pair, so the mapping still open holds
 * it as its last key; find that key's first use for the message.
 */
function duplicateInMapping(mapping: YamlNode | undefined): { key: string; first: number } | undefined {
  if (mapping === undefined || mapping.kind === 'sequence') return undefined;
  const children = mapping.children ?? [];
  const lastKey = children.length % 2 === 0 ? children.length - 2 : children.length - 1;
  const repeated = children[lastKey];
  if (repeated === undefined || repeated.kind !== 'scalar') return undefined;
  const key = String(repeated.result);
  for (let index = 0; index < lastKey; index += 2) {
    const child = children[index];
    if (child !== undefined && String(child.result) === key) return { key, first: child.start };
  }
  return undefined;
}
