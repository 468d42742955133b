/**
 * Posts that cannot be published: file -> what is wrong, in plain text. The content loader records
 * them instead of stopping at the first: `astro dev` keeps running and src/middleware.ts shows them on
 * every page until the file is fixed or removed; `astro build` stops once, naming every one of them.
 *
 * The loader and the pages run in different module graphs of one process, so the map lives on globalThis.
 */
const KEY = Symbol.for('blog.postProblems');
type Problems = Map<string, string>;

export function postProblems(): Problems {
  const g = globalThis as { [KEY]?: Problems };
  return (g[KEY] ??= new Map());
}

/**
 * Astro's first line of a schema error (`posts → my-post data does not match collection schema.`): its
 * wording, not an API (tests/contract/astro-schema-error.test.ts checks it against the installed Astro).
 */
const SCHEMA_HEADLINE = /^\S+ → .* data does not match collection schema\.$/u;

/**
 * An error from reading or validating a post as plain text for the author: one line per problem.
 *
 * Astro marks up its messages with `**bold**` (the terminal and the dev page show plain text), starts a
 * schema error with a line naming the collection and id (the file is named beside the message), and
 * writes each issue as `key: message`, where Astro's own messages repeat the key
 * (`aliases.0: aliases.0: Expected …`) and the schema's say it in words (`date: date is required`):
 * the key is given once.
 */
export function problemText(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\*\*/gu, '');
  const lines = message
    .split(/\r?\n/u)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !SCHEMA_HEADLINE.test(line))
    .map(withoutRepeatedKey);
  return lines.join('\n');
}

/**
 * A frontmatter Astro could not read (broken YAML or TOML), with its line in the file. js-yaml counts
 * lines from 0, from the opening `---` line on: the file's line number is one more.
 */
export function unreadableFrontmatterText(error: unknown): string {
  const line = (error as { loc?: { line?: unknown } } | undefined)?.loc?.line;
  const where = typeof line === 'number' ? `line ${line + 1}: ` : '';
  return `${where}the frontmatter cannot be read: ${problemText(error)}`;
}

/** `date: date is required` -> `date is required`; `aliases.0: aliases.0: x` -> `aliases.0: x`; `: x` -> `x`. */
function withoutRepeatedKey(line: string): string {
  const m = /^([\w.]*): (.*)$/u.exec(line);
  if (!m) return line;
  const [, key, rest] = m as unknown as [string, string, string];
  if (key === '') return rest;
  if (rest.startsWith(`${key}: `)) return rest;
  if (rest.startsWith(`${key} `)) return rest;
  return line;
}

/** One post's problem as the terminal shows it: the file, then each line of the message, indented. */
export function describeProblem(file: string, message: string): string {
  return `${file}:\n${message
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')}`;
}

/** Every problem, for the one error that stops a build. */
export function describeProblems(problems: ReadonlyMap<string, string>): string {
  const blocks = [...problems].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, message]) => describeProblem(file, message));
  return `Posts that cannot be published (fix each, then build again):\n\n${blocks.join('\n\n')}\n`;
}
