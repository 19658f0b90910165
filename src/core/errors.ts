/** A rule or signal file that cannot be used: always says where, and which field. */
export class RuleFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly field: string | undefined,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${field ? `field '${field}': ` : ''}${reason}`);
    this.name = 'RuleFileError';
  }
}

/** A usage or configuration problem: the CLI reports it and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
