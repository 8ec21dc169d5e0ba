// placeholder until @helios/packages exposes its API
export function writeFamilyList(_map: string, _family: string, _dir: string): void {
  throw new Error('not yet');
}
export function readFamilyList(_map: string, _family: string): string[] {
  throw new Error('not yet');
}
