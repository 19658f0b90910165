/** Edit distance (insertions, deletions, substitutions), for "did you mean" hints on names. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/** The known name nearest to a mistyped one, if it is near enough to be a typo (about a third of its letters). */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** " (did you mean 'x'? replylint rules lists them)", or the plain pointer to `replylint rules`. */
export function closestHint(name: string, known: Iterable<string>): string {
  const near = closestName(name, known);
  return near ? ` (did you mean '${near}'? replylint rules lists them)` : ' (replylint rules lists them)';
}
