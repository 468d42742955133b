#!/usr/bin/env node
// Makes sure the browser tests have Debian's Chromium (and the Noto CJK fonts, without which Japanese
// renders as boxes in screenshots). Installs both with apt-get when they are missing and this user
// may; otherwise says what to install. Never downloads a browser of its own.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chrome = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const hasFonts = () => spawnSync('dpkg', ['-s', 'fonts-noto-cjk'], { stdio: 'ignore' }).status === 0;

if (existsSync(chrome) && (process.env.CHROME_PATH || hasFonts())) process.exit(0);

const isRoot = process.getuid?.() === 0;
const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.error(
    `The browser tests need Chromium at ${chrome} and the Noto CJK fonts. On Debian or Ubuntu:\n` +
      '  sudo apt-get install -y chromium fonts-noto-cjk\n' +
      'or set CHROME_PATH to a Chromium or Chrome you have.',
  );
  process.exit(1);
}
console.log('Installing Chromium and the Noto CJK fonts with apt-get ...');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { stdio: 'inherit', env });
