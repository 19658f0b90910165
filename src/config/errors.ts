import { RuleFileError } from '../core/errors.js';

/**
 * Every error of a configuration, reported at once: a user fixing a file with three mistakes
 * should not need three runs to find them. Thrown only when there is more than one.
 */
export class ConfigErrors extends RuleFileError {
  constructor(readonly errors: RuleFileError[]) {
    const first = errors[0]!;
    super(first.file, first.line, first.column, first.field, first.reason);
    this.message = errors.map((e) => e.message).join('\n');
    this.name = 'ConfigErrors';
  }
}

/** Collects the RuleFileErrors of independent checks, so that one bad field does not hide the next. */
export class ErrorCollector {
  readonly errors: RuleFileError[] = [];

  /** Runs one check; a RuleFileError is kept and the fallback returned, anything else is thrown. */
  attempt<T>(check: () => T, fallback: T): T {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof RuleFileError)) throw error;
      this.errors.push(...(error instanceof ConfigErrors ? error.errors : [error]));
      return fallback;
    }
  }

  /** Throws what was collected: the error itself when there is one, all of them when there are more. */
  throwIfAny(): void {
    if (this.errors.length === 1) throw this.errors[0];
    if (this.errors.length > 1) throw new ConfigErrors(this.errors);
  }
}
