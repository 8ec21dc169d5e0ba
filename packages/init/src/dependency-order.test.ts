import { describe, expect, it } from 'vitest';
import { dependencyOrder, dependentsOf } from './dependency-order.ts';
import { ServiceGraphError } from './errors.ts';

const node = (name: string, dependsOn: string[] = [], bindsTo: string[] = []) => ({
  name,
  dependsOn,
  bindsTo,
});

describe('dependencyOrder', () => {
  it('keeps the table order when it already respects dependencies', () => {
    const nodes = [
      node('pulseaudio'),
      node('xvnc'),
      node('desktop', ['xvnc'], ['xvnc']),
      node('kclient', ['xvnc']),
    ];
    expect(dependencyOrder(nodes).map((n) => n.name)).toEqual(['pulseaudio', 'xvnc', 'desktop', 'kclient']);
  });

  it('moves dependencies before their dependents', () => {
    const nodes = [node('kclient', ['xvnc']), node('desktop', [], ['xvnc']), node('xvnc')];
    expect(dependencyOrder(nodes).map((n) => n.name)).toEqual(['xvnc', 'kclient', 'desktop']);
  });

  it('refuses an unknown dependency', () => {
    expect(() => dependencyOrder([node('a', ['ghost'])])).toThrow(
      new ServiceGraphError(
        'service a depends on ghost, which is not defined or disabled (expected one of: a)',
      ),
    );
  });

  it('refuses a cycle and names it', () => {
    expect(() => dependencyOrder([node('a', ['b']), node('b', ['c']), node('c', ['a'])])).toThrow(
      'invalid service table: dependency cycle a -> b -> c -> a',
    );
  });

  it('lists direct dependents', () => {
    const nodes = [node('x'), node('d', [], ['x']), node('k', ['x']), node('o')];
    expect(dependentsOf(nodes, 'x').map((n) => n.name)).toEqual(['d', 'k']);
  });
});
