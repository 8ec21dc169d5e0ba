import type { EventType, State } from 'js-yaml';

/**
 * One node of a YAML document as js-yaml composed it, reduced to what locating needs.
 * Mapping children alternate key, value, key, value.
 */
export interface YamlNode {
  /** Offset where js-yaml started composing; may sit on the whitespace before the node. */
  readonly start: number;
  /** js-yaml's node kind; `null` for an empty node such as the value of `key:`. */
  kind: 'scalar' | 'sequence' | 'mapping' | null;
  /** js-yaml's value for the node: a key's name for scalars, compared by identity for collections. */
  result: unknown;
  /** Child nodes; absent until there is one, since most nodes are scalars (less to collect). */
  children: YamlNode[] | undefined;
}

/**
 * Builds the node tree from js-yaml's composition listener, which fires `open` when a
 * node starts and `close` when it is complete. Costs one small object per node.
 */
export class YamlTreeBuilder {
  readonly #root: YamlNode = { start: 0, kind: null, result: undefined, children: undefined };
  readonly #open: YamlNode[] = [this.#root];

  /** The listener to pass to js-yaml's `load`. */
  readonly listener = (event: EventType, state: State): void => {
    if (event === 'open') this.#openNode(state.position);
    else this.#closeNode(state);
  };

  /** The document's top node, once loading has finished. */
  get document(): YamlNode | undefined {
    return this.#root.children?.[0];
  }

  /** The innermost node still being composed: where js-yaml was when it threw. */
  get innermostOpen(): YamlNode | undefined {
    return this.#open.at(-1);
  }

  #openNode(start: number): void {
    const node: YamlNode = { start, kind: null, result: undefined, children: undefined };
    const parent = this.#open.at(-1);
    if (parent !== undefined) {
      if (parent.children === undefined) parent.children = [node];
      else parent.children.push(node);
    }
    this.#open.push(node);
  }

  #closeNode(state: State): void {
    const node = this.#open.pop();
    if (node === undefined) return;
    node.kind = state.kind as YamlNode['kind'];
    node.result = state.result;
    // js-yaml composes a node once as a would-be mapping key and, when no ':' follows,
    // keeps that inner result as the node itself: the same value twice, one inside the
    // other. Fold the echo away so children are real entries.
    const only = node.children?.length === 1 ? node.children[0] : undefined;
    if (only !== undefined && only.kind === node.kind && only.result === node.result) {
      node.children = only.children;
    }
  }
}
