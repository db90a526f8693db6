// Screenshots of the built demo: desktop (1280 px) and phone (375 px), light and dark.
//
// Usage: node screenshots.cjs <output dir> <destination dir> [chromium path]
// Run it through `make screenshots`, which builds the demo first.
'use strict';

const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

const PAGES = {
  index: 'index.html',
  post: 'pycon-us.html',
  series: 'series/europe-trip.html',
  tag: 'tag/life.html',
};
const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 375, height: 812 } };

(async () => {
  const [root, dest, executablePath = '/usr/bin/chromium'] = process.argv.slice(2);
  fs.mkdirSync(dest, { recursive: true });
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--hide-scrollbars'],
  });
  try {
    for (const [size, viewport] of Object.entries(SIZES)) {
      const page = await browser.newPage({ viewport });
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const [name, rel] of Object.entries(PAGES)) {
          const file = path.join(path.resolve(root), rel);
          if (!fs.existsSync(file)) {
            process.stderr.write(`skipped ${rel}: not in the build\n`);
            continue;
          }
          await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
          const out = path.join(dest, `${name}-${size}-${scheme}.png`);
          await page.screenshot({ path: out });
          process.stdout.write(`${out}\n`);
        }
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
})().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err));
  process.exit(1);
});
