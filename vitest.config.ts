/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

export default getViteConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/contract/**/*.test.ts', 'tests/build/**/*.test.ts'],
    // Built-site tests run real `astro build`s: give them time, and run files one at a time (2 cores).
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
