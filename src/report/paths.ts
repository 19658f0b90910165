import { isAbsolute, relative, resolve, sep } from 'node:path';

/** A path as CI tools want it: relative to the current folder, with forward slashes. */
export function portablePath(file: string): string {
  if (file === '<stdin>') return file;
  const rel = relative(process.cwd(), resolve(file));
  return (isAbsolute(rel) ? resolve(file) : rel).split(sep).join('/');
}
