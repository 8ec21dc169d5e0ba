/** Edits allowed between a typo and the name it suggests; more would suggest nonsense. */
const MAX_DISTANCE = 2;

/**
 * The known name nearest to `typo` by edit distance, if one is close enough to be what
 * the user meant. Ties go to the first candidate, so callers pass candidates sorted.
 */
export function closestName(typo: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = MAX_DISTANCE + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - typo.length) >= bestDistance) continue;
    const distance = editDistance(typo, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance with one rolling row. */
function editDistance(from: string, to: string): number {
  let previous = Array.from({ length: to.length + 1 }, (_, index) => index);
  for (let row = 1; row <= from.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= to.length; column += 1) {
      const substitution = (previous[column - 1] ?? 0) + (from[row - 1] === to[column - 1] ? 0 : 1);
      current.push(Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[to.length] ?? 0;
}

/** ` (did you mean "x"?)` when a close name exists, else nothing. */
export function didYouMean(typo: string, candidates: Iterable<string>): string {
  const suggestion = closestName(typo, candidates);
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}
