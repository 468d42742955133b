import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project folder the author scripts work on: `--root DIR` when given (the tests point the scripts
 * at temporary copies of the site), else the project this script belongs to. Takes `--root DIR` out
 * of `args`.
 */
export function takeRootArgument(args: string[]): string {
  const at = args.indexOf('--root');
  if (at < 0) return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const root = resolve(args[at + 1] ?? '.');
  args.splice(at, 2);
  return root;
}
