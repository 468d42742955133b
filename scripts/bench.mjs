#!/usr/bin/env node
// `npm run bench -- [N ...] [--variant NAME] [--no-baseline] [--pairs P] [--out FILE]`
//
// Builds the site over N generated posts (default 1000 and 10000; ../shared/bench/gen.mjs, the same
// posts for the same N) in a temporary copy, and measures in one run:
//   cold     a build with no caches
//   warm     a rebuild with nothing changed
//   edit     a rebuild after editing one post
// For each: wall time, peak memory of the whole process tree (RSS summed over astro and its children,
// sampled every 50 ms), pages written and dist/ size. Beside it, the stock Astro baseline
// (../shared/bench/baseline.sh) on the same posts, and our time divided by the baseline's; Hugo's
// time too where `hugo` is installed. Prints a table and writes the figures as JSON.
//
// --variant plain-markdown  builds with Astro's stock Markdown processor instead of ours, to measure
//                           what the Japanese Markdown rules cost.
// --dialect                 adds Zenn/Qiita/GitHub constructs to a share of the posts (math, diagrams,
//                           link cards, embeds, callouts: scripts/lib/dialect-bench.mjs).
// --pairs P                 cold builds of ours and of the baseline alternated P times in all (default 3,
//                           sizes up to 2,000), the first pair being the run's own: a shared machine's
//                           speed drifts within minutes (docs/performance.md), so one pair's ratio says
//                           little alone; the median and range of the pairs' ratios are printed.
// For sizes up to 2,000 it also builds a second time with no caches and compares the two dist/ folders
// byte for byte (two builds of the same posts must be identical), and measures `astro dev`: how long after saving an edited post, or a new
// one, its page and the home page show it (issue: within a second at 1,000 posts).
// Benchmarks print figures; they are not tests.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, makeSiteCopy, projectRoot, userEnv } from './lib/temp-site.mjs';
import { addDialect } from './lib/dialect-bench.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
};
const flag = (name) => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const variant = option('--variant') ?? 'default';
const out = resolve(option('--out') ?? join(projectRoot, 'bench-results', `bench-${variant}.json`));
const withBaseline = !flag('--no-baseline');
const withDialect = flag('--dialect');
const pairs = Number(option('--pairs') ?? 3);
const sizes = args.length > 0 ? args.map(Number) : [1000, 10000];
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(pairs) || pairs < 1) {
  console.error('usage: npm run bench -- [N ...] [--variant default|plain-markdown] [--dialect] [--no-baseline] [--pairs P] [--out FILE]');
  process.exit(2);
}

const shared = resolve(projectRoot, '..', 'shared', 'bench');
if (!existsSync(join(shared, 'gen.mjs'))) {
  console.error(`bench: ${shared}/gen.mjs not found: the benchmark needs ../shared/bench beside the project`);
  process.exit(2);
}

/** Sum of RSS (bytes) of `pid` and all its descendants, from /proc. */
function treeRss(pid) {
  const children = new Map();
  let rss = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      rss.set(Number(entry), kb * 1024);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop();
    total += rss.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/** Runs a command, measuring wall time and the peak RSS of its process tree. */
function measure(cmd, cmdArgs, cwd, env = userEnv()) {
  return new Promise((resolvePromise, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, cmdArgs, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let peak = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, treeRss(child.pid));
    }, 50);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      if (code !== 0) reject(new Error(`${cmd} ${cmdArgs.join(' ')} failed (${code}):\n${output.slice(-3000)}`));
      else resolvePromise({ wall, peakMb: Math.round(peak / 2 ** 20), output });
    });
  });
}

function distStats(dist) {
  let pages = 0;
  let bytes = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        bytes += statSync(p).size;
        if (e.name.endsWith('.html')) pages++;
      }
    }
  };
  walk(dist);
  return { pages, distMb: Math.round((bytes / 2 ** 20) * 10) / 10 };
}

/** Every file of `dist` (relative path) with the hash of its bytes. */
function distHashes(dist) {
  const hashes = new Map();
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else hashes.set(p.slice(dist.length + 1), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dist);
  return hashes;
}

/** The files that differ between two dist/ hash maps (present in one only, or with other bytes). */
function distDifferences(a, b) {
  return [...new Set([...a.keys(), ...b.keys()])].filter((f) => a.get(f) !== b.get(f)).sort();
}

function applyVariant(dir) {
  if (variant === 'default') return;
  if (variant === 'plain-markdown') {
    const file = join(dir, 'astro.config.mjs');
    const text = readFileSync(file, 'utf8');
    const line = /^\s*processor: japaneseMarkdown\([^\n]*\),\n/mu;
    if (!line.test(text)) throw new Error('astro.config.mjs no longer sets the processor');
    writeFileSync(file, text.replace(line, ''));
    return;
  }
  throw new Error(`unknown --variant ${variant}`);
}

/** Milliseconds from a save until every page in `paths` shows `text`. */
async function visibleAfter(url, paths, text, save) {
  const start = performance.now();
  save();
  for (;;) {
    const bodies = await Promise.all(paths.map(async (p) => (await fetch(`${url}${p}`)).text().catch(() => '')));
    if (bodies.every((b) => b.replace(/<wbr[^>]*>/g, '').includes(text))) return Math.round(performance.now() - start);
    if (performance.now() - start > 60_000) throw new Error(`dev server never showed "${text}"`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Starts `astro dev` on the copy, edits a post and adds one, and times when they show. */
async function devReload(site) {
  const port = await freePort();
  const child = spawn(site.astroBin, ['dev', '--host', '127.0.0.1', '--port', String(port)], { cwd: site.dir, env: userEnv(), stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  try {
    const started = performance.now();
    for (;;) {
      const ok = await fetch(`${url}/`).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (performance.now() - started > 300_000) throw new Error('astro dev did not start');
      await new Promise((r) => setTimeout(r, 250));
    }
    const startMs = Math.round(performance.now() - started);
    const file = readdirSync(site.postsDir).filter((f) => f.endsWith('.md')).sort()[1];
    const path = join(site.postsDir, file);
    const id = file.replace(/\.md$/, '');
    await fetch(`${url}/posts/${id}/`); // as an author would have it open
    const text = readFileSync(path, 'utf8');
    const edited = await visibleAfter(url, [`/posts/${id}/`], 'ベンチマークで書き換えた題名', () =>
      writeFileSync(path, text.replace(/^title: .*$/m, 'title: ベンチマークで書き換えた題名')),
    );
    await new Promise((r) => setTimeout(r, 500));
    const created = await visibleAfter(url, ['/', '/posts/zz-bench-new/'], 'ベンチマークの新しい記事', () =>
      writeFileSync(join(site.postsDir, 'zz-bench-new.md'), '---\ntitle: ベンチマークの新しい記事\ndate: 2099-01-01\npublished: true\ntags: [astro]\n---\n本文。\n'),
    );
    return { startMs, editedPostVisibleMs: edited, newPostVisibleMs: created };
  } finally {
    child.kill('SIGTERM');
  }
}

/** Removes the last build and every cache of `dir`: the next build is a cold one. */
function removeBuildCaches(dir) {
  for (const cache of ['dist', 'node_modules/.astro', 'node_modules/.vite', 'node_modules/.cache']) {
    rmSync(join(dir, cache), { recursive: true, force: true });
  }
}

function baseline(postsDir, mode) {
  const r = spawnSync('bash', [join(shared, 'baseline.sh'), postsDir, mode], { encoding: 'utf8', env: userEnv() });
  if (r.status !== 0) throw new Error(`baseline.sh failed:\n${r.stdout}\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').at(-1);
  const field = (k) => Number(new RegExp(`${k}=([\\d.]+)`).exec(line)?.[1]);
  return { wall: field('wall_s'), peakMb: field('maxrss_mb'), pages: field('pages') };
}

function hugoVersion() {
  const r = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const results = {
  variant,
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30) },
  node: process.version,
  astro: JSON.parse(readFileSync(join(projectRoot, 'node_modules', 'astro', 'package.json'), 'utf8')).version,
  runs: [],
};

for (const n of sizes) {
  const site = makeSiteCopy('blog-bench-');
  try {
    applyVariant(site.dir);
    rmSync(site.postsDir, { recursive: true, force: true });
    const gen = spawnSync(process.execPath, [join(shared, 'gen.mjs'), String(n), site.postsDir], { encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(`gen.mjs failed: ${gen.stderr}`);
    const run = { posts: n, ...(withDialect ? { dialect: addDialect(site.postsDir) } : {}) };
    const build = () => measure(site.astroBin, ['build'], site.dir);

    rmSync(join(site.dir, 'dist'), { recursive: true, force: true });
    run.cold = { ...(await build()), ...distStats(join(site.dir, 'dist')) };
    const coldHashes = n <= 2000 ? distHashes(join(site.dir, 'dist')) : undefined;
    run.warm = { ...(await build()), ...distStats(join(site.dir, 'dist')) };
    const edited = readdirSync(site.postsDir).filter((f) => f.endsWith('.md')).sort()[0];
    const file = join(site.postsDir, edited);
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, `${before}\n\n追記：ベンチマークのための編集。\n`);
    run.edit = { ...(await build()), ...distStats(join(site.dir, 'dist')) };
    writeFileSync(file, before); // the posts as generated again, for the baseline and the builds below
    for (const k of ['cold', 'warm', 'edit']) delete run[k].output;

    if (withBaseline) {
      run.baseline = { cold: baseline(site.postsDir, 'cold') };
      run.baseline.warm = baseline(site.postsDir, 'warm');
      run.ratio = {
        cold: +(run.cold.wall / run.baseline.cold.wall).toFixed(2),
        warm: +(run.warm.wall / run.baseline.warm.wall).toFixed(2),
        coldMemory: +(run.cold.peakMb / run.baseline.cold.peakMb).toFixed(2),
      };
    }
    run.editShareOfCold = +(run.edit.wall / run.cold.wall).toFixed(2);
    // More cold builds of ours, each followed by one of the baseline's when pairs are asked for.
    const ratios = run.ratio ? [run.ratio.cold] : [];
    const pairedWithBaseline = (ours) => {
      if (run.ratio && ratios.length < pairs) ratios.push(+(ours.wall / baseline(site.postsDir, 'cold').wall).toFixed(2));
    };
    if (coldHashes) {
      // A second build from nothing: no dist/, no Astro or Vite cache, none of ours.
      removeBuildCaches(site.dir);
      pairedWithBaseline(await build());
      const differing = distDifferences(coldHashes, distHashes(join(site.dir, 'dist')));
      run.secondCold = { identical: differing.length === 0, files: coldHashes.size, differing: differing.slice(0, 20) };
      while (run.ratio && ratios.length < pairs) {
        removeBuildCaches(site.dir);
        pairedWithBaseline(await build());
      }
    }
    if (ratios.length > 1) {
      const sorted = [...ratios].sort((a, b) => a - b);
      const median = +((sorted[Math.floor((sorted.length - 1) / 2)] + sorted[Math.floor(sorted.length / 2)]) / 2).toFixed(2);
      run.coldPairs = { ratios, median, min: sorted[0], max: sorted.at(-1) };
    }
    if (n <= 2000) run.dev = await devReload(site);
    const hugo = hugoVersion();
    if (hugo) run.hugo = { version: hugo, note: 'run hugo on the same posts by hand; not automated' };
    results.runs.push(run);

    const f = (x) => x.toFixed(1).padStart(6);
    console.log(`\n${n} posts (${variant})`);
    console.log('            wall s   peak MB   pages   dist MB');
    for (const k of ['cold', 'warm', 'edit']) {
      const r = run[k];
      console.log(`  ${k.padEnd(8)} ${f(r.wall)}  ${String(r.peakMb).padStart(8)}  ${String(r.pages).padStart(6)}  ${f(r.distMb)}`);
    }
    if (run.baseline) {
      for (const k of ['cold', 'warm']) {
        const r = run.baseline[k];
        console.log(`  base ${k.padEnd(4)} ${f(r.wall)}  ${String(r.peakMb).padStart(8)}  ${String(r.pages).padStart(6)}`);
      }
      console.log(`  ours / baseline: cold ${run.ratio.cold}, warm ${run.ratio.warm}, cold memory ${run.ratio.coldMemory}`);
    }
    if (run.coldPairs) {
      const { ratios, median, min, max } = run.coldPairs;
      console.log(`  cold / baseline over ${ratios.length} alternated pairs: median ${median} (${min}-${max}: ${ratios.join(', ')})`);
    }
    console.log(`  edit rebuild / cold build: ${run.editShareOfCold}`);
    if (run.secondCold) {
      const { identical, files, differing } = run.secondCold;
      console.log(`  two cold builds: ${identical ? `identical (${files} files, byte for byte)` : `DIFFER in ${differing.length}${differing.length === 20 ? '+' : ''} files: ${differing.join(', ')}`}`);
    }
    if (run.dev) {
      console.log(`  astro dev: ready in ${(run.dev.startMs / 1000).toFixed(1)} s; an edited post shows ${run.dev.editedPostVisibleMs} ms after saving, a new post ${run.dev.newPostVisibleMs} ms`);
    }
  } finally {
    rmSync(site.dir, { recursive: true, force: true });
  }
}

mkdirSync(resolve(out, '..'), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${out}`);
