/**
 * The Astro reader (scripts/import/astro.ts) on small starter-style projects written into temporary
 * folders: the starter's keys, an empty description, a draft, a nested id, the starter's date strings,
 * hero and body images in public/, and an .mdx post with component and image imports, through
 * writePosts as `npm run import` writes them.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { detectKind } from '../../scripts/import.ts';
import { astroId, monthNameDate, read } from '../../scripts/import/astro.ts';
import type { SourcePost } from '../../scripts/import/source-post.ts';
import { writePosts } from '../../scripts/import/write-posts.ts';
import { postSchema } from '../../src/content.config.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'astro-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const zone = { timeZone: 'Asia/Tokyo' };
const bySource = (posts: SourcePost[], source: string) => {
  const post = posts.find((p) => p.source === source);
  if (!post) throw new Error(`no post ${source} in ${posts.map((p) => p.source).join(', ')}`);
  return post;
};

const starter = {
  'astro.config.mjs': "export default { site: 'https://example.com' };\n",
  'public/media/hero.png': 'png',
  'public/media/body.png': 'png body',
  'src/content/blog/first-post.md':
    "---\ntitle: 'First post &amp; more'\ndescription: 'Lorem ipsum'\npubDate: 'Jul 08 2022'\nupdatedDate: 'Jul 10 2022'\nheroImage: '/media/hero.png'\ntags: [Astro, astro, Blog]\n---\n\nText ![x](/media/body.png) ![y](/media/gone.png) ![r](https://example.org/r.png)\n",
  'src/content/blog/empty-description.md': "---\ntitle: No description\ndescription: ''\npubDate: 2023-01-02\n---\nBody\n",
  'src/content/blog/draft.md': '---\ntitle: Draft\ndescription: d\npubDate: 2023-01-03\ndraft: true\n---\nDraft body\n',
  'src/content/blog/2019/09/18/Nested Post.md':
    '---\ntitle: Nested\npubDate: 2019-09-18\nupdatedDate: 2019-09-18\nsourceUrl: "https://old.example.com/2019/09/18/nested-post/"\nexcerpt: kept\n---\nSee <Server port="1"> and `<Code>`.\n',
};

describe('Astro starter posts', () => {
  it('maps the starter keys, a draft, an empty description and a nested id', () => {
    const root = project(starter);
    const { kind, posts, failures } = read(root, zone);
    expect(kind).toBe('astro');
    expect(failures).toEqual([]);
    const first = bySource(posts, 'src/content/blog/first-post.md');
    expect(first).toMatchObject({
      slug: 'first-post',
      ext: '.md',
      // The starter's pages show the title as text: an entity is what the author wrote.
      title: 'First post &amp; more',
      date: '2022-07-08',
      updated: '2022-07-10',
      published: true,
      tags: ['Astro', 'Blog'],
      description: 'Lorem ipsum',
      aliases: ['/blog/first-post/'],
      heroImage: { ref: '/media/hero.png', file: join(root, 'public', 'media', 'hero.png') },
    });
    expect(first.images).toEqual([
      { ref: '/media/body.png', file: join(root, 'public', 'media', 'body.png') },
      { ref: '/media/gone.png' },
    ]);
    expect(bySource(posts, 'src/content/blog/empty-description.md').description).toBeUndefined();
    expect(bySource(posts, 'src/content/blog/draft.md').published).toBe(false);
    const nested = bySource(posts, 'src/content/blog/2019/09/18/Nested Post.md');
    expect(nested.slug).toBe('2019/09/18/nested-post');
    // The same day as the date is no update; sourceUrl's path is an old URL too.
    expect(nested.updated).toBeUndefined();
    expect(nested.aliases).toEqual(['/blog/2019/09/18/nested-post/', '/2019/09/18/nested-post/']);
    expect(nested.extra).toEqual({ excerpt: 'kept', sourceUrl: 'https://old.example.com/2019/09/18/nested-post/' });
    expect(nested.attention).toEqual([expect.stringContaining('<Server>')]);
    for (const post of posts) {
      const { title, date, updated, published, tags, description, aliases } = post;
      expect(postSchema.safeParse({ title, date, updated, published, tags, description, aliases }).success).toBe(true);
    }
  });

  it('gives no redirect from an old URL that is the post\'s new one, written encoded or not', () => {
    const root = project({
      'astro.config.mjs': "export default { site: 'https://example.com' };\n",
      'src/content/posts/日本語の記事.md': '---\ntitle: 記事\npubDate: 2024-01-02\nsourceUrl: "https://old.example.com/posts/%E6%97%A5%E6%9C%AC%E8%AA%9E%E3%81%AE%E8%A8%98%E4%BA%8B/"\n---\n本文\n',
      'src/content/posts/moved.md': '---\ntitle: 移った記事\npubDate: 2024-01-03\nsourceUrl: "https://old.example.com/2024/%E7%A7%BB%E5%8B%95/"\n---\n本文\n',
    });
    const { posts, failures } = read(root, zone);
    expect(failures).toEqual([]);
    expect(bySource(posts, 'src/content/posts/日本語の記事.md')).toMatchObject({ slug: '日本語の記事', aliases: [] });
    expect(bySource(posts, 'src/content/posts/moved.md').aliases).toEqual(['/2024/移動/']);
  });

  it('writes the posts with the hero copied and missing images reported', () => {
    const root = project(starter);
    const out = join(root, 'out');
    const result = writePosts(read(root, zone), { out, from: root });
    expect(result.exitCode).toBe(0);
    const text = readFileSync(join(out, 'first-post.md'), 'utf8');
    const fm = parseYaml(text.split('---\n')[1]!) as Record<string, unknown>;
    expect(fm.heroImage).toBe('./first-post/hero.png');
    expect(fm.description).toBe('Lorem ipsum');
    expect(text).toContain('![x](./first-post/body.png)');
    expect(text).toContain('![r](https://example.org/r.png)');
    expect(existsSync(join(out, 'first-post', 'hero.png'))).toBe(true);
    const first = result.posts.find((p) => p.source === 'src/content/blog/first-post.md')!;
    expect(first.missingImages).toEqual(['/media/gone.png']);
    expect(readFileSync(join(out, 'empty-description.md'), 'utf8')).not.toMatch(/^description:/mu);
    expect(readFileSync(join(out, 'draft.md'), 'utf8')).toContain('published: false');
    expect(existsSync(join(out, '2019', '09', '18', 'nested-post.md'))).toBe(true);
  });

  it('keeps .mdx posts and their imports working or reported', () => {
    const root = project({
      'tsconfig.json': '{\n  // comments are allowed\n  "compilerOptions": { "baseUrl": ".", "paths": { "@ui/*": ["src/ui/*"], }, },\n}\n',
      'src/components/Card.astro': '<div />\n',
      'src/ui/Note.astro': '<aside />\n',
      'src/components/Local.tsx': 'export default () => null;\n',
      'src/assets/pic.png': 'png',
      'src/content/blog/guide/with-mdx.mdx': [
        '---',
        'title: MDX',
        'pubDate: 2024-02-03',
        'heroImage: ../../../assets/pic.png',
        '---',
        "import Card from '@components/Card.astro';",
        "import Note from '@ui/Note.astro';",
        "import { Image } from 'astro:assets';",
        "import Local from '../../../components/Local';",
        "import pic from '@/assets/pic.png';",
        "import Gone from '@components/Gone.astro';",
        "import confetti from 'canvas-confetti';",
        '',
        '<Card />',
        '',
        '```mdx',
        "import Card from '@components/Card.astro';",
        '```',
        '',
      ].join('\n'),
    });
    const { posts, failures } = read(root, zone);
    expect(failures).toEqual([]);
    const [post] = posts;
    expect(post).toMatchObject({ slug: 'guide/with-mdx', ext: '.mdx', aliases: ['/blog/guide/with-mdx/'] });
    expect(post!.body).toContain("import Card from '/src/components/Card.astro';");
    expect(post!.body).toContain("import Note from '/src/ui/Note.astro';");
    expect(post!.body).toContain("import { Image } from 'astro:assets';");
    expect(post!.body).toContain("import Local from '/src/components/Local.tsx';");
    // Code is an example, not an import.
    expect(post!.body).toContain("```mdx\nimport Card from '@components/Card.astro';\n```");
    expect(post!.attention).toEqual([
      expect.stringMatching(/^needs src\/components\/Card\.astro from the old project/u),
      expect.stringMatching(/^needs src\/ui\/Note\.astro/u),
      expect.stringMatching(/^needs src\/components\/Local\.tsx/u),
      expect.stringContaining('imports @components/Gone.astro, which is not in the old project'),
      expect.stringContaining('npm install canvas-confetti'),
    ]);
    const out = join(root, 'out');
    const result = writePosts({ kind: 'astro', posts, failures }, { out, from: root });
    expect(result.exitCode).toBe(0);
    const text = readFileSync(join(out, 'guide', 'with-mdx.mdx'), 'utf8');
    expect(text).toContain("import pic from './with-mdx/pic.png';");
    expect(text).toContain('heroImage: ./with-mdx/pic.png');
    expect(existsSync(join(out, 'guide', 'with-mdx', 'pic.png'))).toBe(true);
  });

  it('stops a post whose date is not one, naming the value', () => {
    const root = project({
      'src/content/blog/bad.md': "---\ntitle: Bad\npubDate: '2020-12/01 04:23:00'\n---\n",
      'src/content/blog/none.md': '---\ntitle: None\n---\n',
      'src/content/blog/ok.md': "---\ntitle: Ok\npubDate: 'July 8, 2022 10:30'\n---\n",
    });
    const { posts, failures } = read(root, zone);
    expect(failures).toEqual([
      { source: 'src/content/blog/bad.md', reason: expect.stringContaining('2020-12/01') },
      { source: 'src/content/blog/none.md', reason: expect.stringContaining('no pubDate') },
    ]);
    expect(posts.map((p) => p.date)).toEqual(['2022-07-08T10:30:00+09:00']);
  });

  it('reads the starter date strings and makes ids as the glob loader does', () => {
    expect(monthNameDate('Jul 08 2022')).toBe('2022-07-08');
    expect(monthNameDate('July 8, 2022')).toBe('2022-07-08');
    expect(monthNameDate('8 Jul 2022')).toBe('2022-07-08');
    expect(monthNameDate('2020-12/01')).toBeUndefined();
    expect(astroId('2019/09/18/Hello World.md')).toBe('2019/09/18/hello-world');
    expect(astroId('guide/index.mdx')).toBe('guide');
    expect(astroId('x.md', 'custom/slug')).toBe('custom/slug');
  });

  it('is detected from the project folder and from its posts folder', () => {
    const root = project(starter);
    expect(detectKind(root)).toMatchObject({ kind: 'astro' });
    expect(detectKind(join(root, 'src', 'content', 'blog'))).toMatchObject({ kind: 'astro' });
    expect(read(join(root, 'src', 'content', 'blog'), zone).posts).toHaveLength(4);
  });
});
