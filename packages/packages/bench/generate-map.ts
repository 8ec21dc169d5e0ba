/** The nine groups of the generated maps: a shared group and eight distro families. */
export const GROUPS = [
  'common',
  'debian',
  'ubuntu',
  'rhel',
  'alpine',
  'fedora',
  'arch',
  'suse',
  'kali',
] as const;

const INHERIT = `inherit:
  debian: [common]
  ubuntu: [common, debian]
  kali: [common, debian]
  rhel: [common]
  fedora: [common, rhel]
  alpine: [common]
  arch: [common]
  suse: [common]
`;

/**
 * A package map shaped like the original Helios one: `count` logical packages (list
 * items), one in ten shared through `common`, the rest named for one to five families,
 * with comments. Deterministic, so figures compare between runs.
 */
export function generateMap(count: number): string {
  let state = 42;
  const random = () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
  const lines = [INHERIT, 'packages:'];
  for (let index = 0; index < count; index += 1) {
    if (index % 10 === 0) {
      lines.push(`  - common: tool-${index}  # shared by every family`);
      continue;
    }
    const families = new Set<string>();
    const wanted = 1 + Math.floor(random() * 5);
    while (families.size < wanted) families.add(GROUPS[1 + Math.floor(random() * 8)] ?? 'debian');
    let first = true;
    for (const family of families) {
      lines.push(
        `${first ? '  - ' : '    '}${family}: lib${family}-pkg-${index}${first ? '  # what it is for' : ''}`,
      );
      first = false;
    }
  }
  return `${lines.join('\n')}\n`;
}
