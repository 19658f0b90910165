import type { Level } from '../diagnostics.js';
import { portablePath } from './paths.js';
import type { Formatter } from './result.js';

/** GitHub Actions has error, warning and notice annotations. */
const COMMAND: Record<Level, string> = { error: 'error', warning: 'warning', suggestion: 'notice' };

/** Message text: %, CR and LF are encoded (GitHub decodes them; a raw newline would end the command). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values: also ':' and ',', which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the pull request's
 * diff (`::warning file=…,line=…::message`). Input notices are printed as warnings too, so
 * a skipped file is visible in the run.
 */
export const github: Formatter = ({ diagnostics, notices }) => {
  const lines = diagnostics.map((d) => {
    const where =
      d.file === '<stdin>'
        ? []
        : [
            `file=${escapeProperty(portablePath(d.file))}`,
            `line=${d.line}`,
            `col=${d.column}`,
            `endLine=${d.endLine}`,
            `endColumn=${d.endColumn}`,
          ];
    const properties = [...where, `title=${escapeProperty(`${d.rule} (tip ${d.tip})`)}`].join(',');
    const message = d.suggestion ? `${d.message}\n→ ${d.suggestion}` : d.message;
    return `::${COMMAND[d.level]} ${properties}::${escapeData(message)}`;
  });
  for (const n of notices) {
    const file = n.file === '<stdin>' ? '' : `file=${escapeProperty(portablePath(n.file))},`;
    lines.push(`::${n.kind === 'error' ? 'error' : 'warning'} ${file}title=replylint::${escapeData(n.message)}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
};
