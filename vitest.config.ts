/// <reference types="vitest/config" />
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { getViteConfig } from 'astro/config';

/** Builds of a fixture site at once: one a core, and no more than memory holds (under 1 GB each). */
const buildsAtOnce = Math.max(1, Math.min(availableParallelism(), Math.floor(totalmem() / 1.5e9)));

const PURE = ['tests/unit', 'tests/contract'];
/**
 * The pure tests that replace a module (`vi.mock`): each runs in modules of its own. The others share
 * each worker's modules, imported once rather than once a file, which was a third of their time
 * (docs/performance.md). Found by reading the files, so that a new test that mocks is never missed.
 */
const mocking = PURE.flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, import.meta.url), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => `${dir}/${file.split('\\').join('/')}`)
    .filter((file) => /\bvi\.(?:mock|doMock|unmock|doUnmock)\(/u.test(readFileSync(new URL(file, import.meta.url), 'utf8'))),
);

export default getViteConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 300_000,
    projects: [
      // Pure tests and contract tests share nothing on disk: they run on every core at once, first.
      {
        extends: true,
        test: {
          name: 'unit',
          include: PURE.map((dir) => `${dir}/**/*.test.ts`),
          exclude: mocking,
          isolate: false,
          // Vitest leaves a core free by default: on a 2-core machine that would be one worker.
          maxWorkers: availableParallelism(),
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'unit-mocking',
          include: mocking,
          maxWorkers: availableParallelism(),
          sequence: { groupOrder: 0 },
        },
      },
      // Built-site tests then run, a file a core: each builds its own copy of the site (tests/helpers/site.ts),
      // and much of an `astro build` runs on one core.
      {
        extends: true,
        test: {
          name: 'build',
          include: ['tests/build/**/*.test.ts'],
          maxWorkers: buildsAtOnce,
          // Tests a file marks concurrent (builds that stop early) also run a build a core.
          maxConcurrency: buildsAtOnce,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
