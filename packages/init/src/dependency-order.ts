import { ServiceGraphError } from './errors.ts';

/** The part of a service the ordering looks at. */
export interface DependencyNode {
  readonly name: string;
  readonly dependsOn: readonly string[];
  readonly bindsTo: readonly string[];
}

/**
 * Orders services so that every service comes after what it depends on,
 * keeping the given order where the graph allows (the table's order is the
 * boot order users read in the docs).
 *
 * @throws {ServiceGraphError} `HELIOS_INIT_SERVICE_GRAPH_INVALID` for an unknown dependency or a cycle.
 */
export function dependencyOrder<T extends DependencyNode>(nodes: readonly T[]): T[] {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  for (const node of nodes) {
    for (const dep of [...node.dependsOn, ...node.bindsTo]) {
      if (!byName.has(dep)) {
        throw new ServiceGraphError(
          `service ${node.name} depends on ${dep}, which is not defined or disabled ` +
            `(expected one of: ${[...byName.keys()].join(', ')})`,
        );
      }
    }
  }
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: T, path: readonly string[]): void => {
    const seen = state.get(node.name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      throw new ServiceGraphError(`dependency cycle ${[...path, node.name].join(' -> ')}`);
    }
    state.set(node.name, 'visiting');
    for (const dep of new Set([...node.dependsOn, ...node.bindsTo])) {
      visit(byName.get(dep) as T, [...path, node.name]);
    }
    state.set(node.name, 'done');
    ordered.push(node);
  };
  for (const node of nodes) visit(node, []);
  return ordered;
}

/** The services that depend on or bind to `name`, directly. */
export function dependentsOf<T extends DependencyNode>(nodes: readonly T[], name: string): T[] {
  return nodes.filter((node) => node.dependsOn.includes(name) || node.bindsTo.includes(name));
}
