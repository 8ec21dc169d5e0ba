import { LineIndex, type SourceLocation } from './source-location.ts';
import type { YamlNode } from './yaml-node-tree.ts';

/** A key of a mapping and where it is written. */
export interface LocatedKey {
  readonly key: string;
  readonly location: SourceLocation;
}

/** A path into the parsed value, as zod reports it: keys and list indexes. */
export type ValuePath = readonly PropertyKey[];

interface Pair {
  readonly key: YamlNode;
  readonly value: YamlNode | undefined;
}

/**
 * Finds the line and column of any value or key of one parsed file. Mapping lookups are
 * indexed lazily, so the cost is paid only for the mappings actually asked about.
 */
export class YamlLocator {
  readonly #text: string;
  readonly #root: YamlNode | undefined;
  readonly #lines: LineIndex;
  readonly #pairs = new WeakMap<YamlNode, Map<string, Pair>>();

  constructor(file: string, text: string, root: YamlNode | undefined) {
    this.#text = text;
    this.#root = root;
    this.#lines = new LineIndex(file, text);
  }

  /**
   * The location of the value (or, with `part: 'key'`, of the key) at `path`. When the
   * path leads somewhere the syntax tree cannot follow, the deepest node reached is
   * given instead: a nearby line beats no line.
   *
   * @param part - which end of a mapping entry to point at. @default 'value'
   */
  locate(path: ValuePath, part: 'key' | 'value' = 'value'): SourceLocation {
    return this.#lines.locate(this.offsetOf(path, part));
  }

  /**
   * The character offset behind {@link YamlLocator.locate}.
   *
   * @param part - which end of a mapping entry to point at. @default 'value'
   */
  offsetOf(path: ValuePath, part: 'key' | 'value' = 'value'): number {
    let node = this.#root;
    if (node === undefined) return 0;
    for (const [depth, segment] of path.entries()) {
      const last = depth === path.length - 1;
      if (node.kind === 'sequence' && typeof segment === 'number') {
        const child: YamlNode | undefined = node.children?.[segment];
        if (child === undefined) break;
        node = child;
      } else if (node.kind === 'mapping') {
        const pair = this.#pairsOf(node).get(String(segment));
        if (pair === undefined) break;
        // An empty value has no text of its own; its key is what the user looks for.
        if ((last && part === 'key') || pair.value === undefined || pair.value.kind === null) {
          return this.#contentStart(pair.key.start);
        }
        node = pair.value;
      } else {
        break;
      }
    }
    return this.#contentStart(node.start);
  }

  /**
   * For the list at `path`, the keys of each item that is a mapping, in document order,
   * with their locations. One pass over the list, for locating every mapping of a large
   * map without walking from the root each time.
   */
  locateItemKeys(path: ValuePath): readonly (readonly LocatedKey[])[] {
    let list = this.#root;
    for (const segment of path) {
      list = list?.kind === 'mapping' ? this.#pairsOf(list).get(String(segment))?.value : undefined;
    }
    if (list?.kind !== 'sequence') return [];
    return (list.children ?? []).map((item) => {
      const keys: LocatedKey[] = [];
      const children = item.kind === 'mapping' ? (item.children ?? []) : [];
      for (let index = 0; index < children.length; index += 2) {
        const key = children[index] as YamlNode;
        keys.push({ key: String(key.result), location: this.#lines.locate(this.#contentStart(key.start)) });
      }
      return keys;
    });
  }

  #pairsOf(node: YamlNode): Map<string, Pair> {
    let pairs = this.#pairs.get(node);
    if (pairs === undefined) {
      pairs = new Map();
      const children = node.children ?? [];
      for (let index = 0; index < children.length; index += 2) {
        const key = children[index];
        if (key === undefined) break;
        const name = String(key.result);
        // Keep the first: js-yaml rejects duplicates, so a second can only be an artefact.
        if (!pairs.has(name)) pairs.set(name, { key, value: children[index + 1] });
      }
      this.#pairs.set(node, pairs);
    }
    return pairs;
  }

  /** Skips the spaces, line breaks and comments js-yaml had not yet consumed at `offset`. */
  #contentStart(offset: number): number {
    const text = this.#text;
    let at = offset;
    while (at < text.length) {
      const char = text[at];
      if (char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === '\uFEFF') {
        at += 1;
      } else if (char === '#') {
        const end = text.indexOf('\n', at);
        at = end === -1 ? text.length : end;
      } else {
        break;
      }
    }
    return at < text.length ? at : offset;
  }
}
