/**
 * For the importer's reader tests: blogs of other systems written into temporary folders, removed
 * after each test, and checks of what a reader gives.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SourcePost } from '../../scripts/import/source-post.ts';
import { postSchema } from '../../src/content.config.ts';

const made: string[] = [];

/** A new temporary folder holding `files` (path → content). */
export function sourceTree(prefix: string, files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** One export file (`name`, holding `text`) in a new temporary folder; its path. */
export function sourceFile(prefix: string, name: string, text: string): string {
  return join(sourceTree(prefix, { [name]: text }), name);
}

/** Removes every folder made since the last call (for `afterEach`). */
export function removeSourceTrees(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The post read from `source`, or an error listing what was read. */
export function bySource(posts: SourcePost[], source: string): SourcePost {
  const post = posts.find((p) => p.source === source);
  if (!post) throw new Error(`no post ${source} in ${posts.map((p) => p.source).join(', ')}`);
  return post;
}

/** The frontmatter the importer would write, checked against this blog's schema. */
export function schemaErrors(post: SourcePost): string[] {
  const { title, date, updated, published, tags, description, lang, aliases, breaks } = post;
  const result = postSchema.safeParse({ title, date, updated, published, tags, description, lang, aliases, breaks });
  return result.success ? [] : result.error.issues.map((i) => `${post.source}: ${i.path.join('.')}: ${i.message}`);
}
