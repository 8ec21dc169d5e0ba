import { isMap, isScalar, isSeq, type LineCounter, type Pair, type ParsedNode } from 'yaml';
import type { SourceLocation } from './source-location.ts';

/** A key of a mapping and where it is written. */
export interface LocatedKey {
  readonly key: string;
  readonly location: SourceLocation;
}

/** A path into the parsed value, as zod reports it: keys and list indexes. */
export type ValuePath = readonly PropertyKey[];

type ParsedPair = Pair<ParsedNode, ParsedNode | null>;

/**
 * The key a YAML key node becomes in the parsed object, as `yaml`'s `toJS` makes it:
 * `1` and `"1"` are one key there, so they are one key here too.
 */
export function objectKey(node: unknown): unknown {
  if (!isScalar(node)) return node;
  return node.value === null ? '' : String(node.value);
}

/** Finds the line and column of any value or key of one parsed file. */
export interface YamlLocator {
  /**
   * The location of the value (or, with `part: 'key'`, of the key) at `path`. When the
   * path leads somewhere the document does not have, the deepest node reached is given
   * instead: a nearby line beats no line.
   *
   * @param part - which end of a mapping entry to point at. @default 'value'
   */
  locate(path: ValuePath, part?: 'key' | 'value'): SourceLocation;
  /**
   * The character offset behind {@link YamlLocator.locate}.
   *
   * @param part - which end of a mapping entry to point at. @default 'value'
   */
  offsetOf(path: ValuePath, part?: 'key' | 'value'): number;
  /** The location of a 0-based character offset into the file's text. */
  locateOffset(offset: number): SourceLocation;
  locateItemKeys(path: ValuePath): readonly (readonly LocatedKey[])[];
}

/**
 * The {@link YamlLocator} of a `yaml` document: the node ranges the parser records plus
 * its line counter. The pairs of a mapping are indexed by key on first use, so locating
 * every entry of a large mapping stays linear.
 */
export class DocumentLocator implements YamlLocator {
  readonly #file: string;
  readonly #root: ParsedNode | null;
  readonly #lines: LineCounter;
  readonly #pairs = new WeakMap<ParsedNode, Map<unknown, ParsedPair>>();

  constructor(file: string, root: ParsedNode | null, lines: LineCounter) {
    this.#file = file;
    this.#root = root;
    this.#lines = lines;
  }

  locate(path: ValuePath, part: 'key' | 'value' = 'value'): SourceLocation {
    return this.locateOffset(this.offsetOf(path, part));
  }

  locateOffset(offset: number): SourceLocation {
    const { line, col } = this.#lines.linePos(offset);
    return { file: this.#file, line, column: col };
  }

  offsetOf(path: ValuePath, part: 'key' | 'value' = 'value'): number {
    let node = this.#root;
    if (node === null) return 0;
    for (const [depth, segment] of path.entries()) {
      let next: ParsedNode | null | undefined;
      if (isSeq<ParsedNode>(node) && typeof segment === 'number') {
        next = node.items[segment];
      } else if (isMap<ParsedNode, ParsedNode | null>(node)) {
        const pair = this.#pairsOf(node).get(String(segment));
        if (pair === undefined) break;
        // An empty value has no text of its own; its key is what the user looks for.
        const empty = pair.value === null || pair.value.range[0] === pair.value.range[1];
        if ((depth === path.length - 1 && part === 'key') || empty) return pair.key.range[0];
        next = pair.value;
      }
      if (next === undefined || next === null) break;
      node = next;
    }
    return node.range[0];
  }

  locateItemKeys(path: ValuePath): readonly (readonly LocatedKey[])[] {
    let list = this.#root;
    for (const segment of path) {
      list = isMap<ParsedNode, ParsedNode | null>(list)
        ? (this.#pairsOf(list).get(String(segment))?.value ?? null)
        : null;
    }
    if (!isSeq<ParsedNode>(list)) return [];
    return list.items.map((item) =>
      isMap<ParsedNode, ParsedNode | null>(item)
        ? item.items.map((pair) => ({
            key: String(objectKey(pair.key)),
            location: this.locateOffset(pair.key.range[0]),
          }))
        : [],
    );
  }

  #pairsOf(node: ParsedNode): Map<unknown, ParsedPair> {
    let pairs = this.#pairs.get(node);
    if (pairs === undefined) {
      pairs = new Map();
      const items = isMap<ParsedNode, ParsedNode | null>(node) ? node.items : [];
      for (const pair of items) {
        const key = objectKey(pair.key);
        // Keep the first: a repeated key is reported as an error before anyone locates.
        if (!pairs.has(key)) pairs.set(key, pair);
      }
      this.#pairs.set(node, pairs);
    }
    return pairs;
  }
}
