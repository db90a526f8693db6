// Renders built pages in headless Chromium and prints one JSON report on stdout.
//
// Usage: node check.cjs '{"root": "<output dir>", "pages": ["index.html", ...],
//                         "chromium": "/usr/bin/chromium"}'
// For every page: axe-core in the light and the dark colour scheme, horizontal
// overflow at 320 px, every request the page made that is not a file of the site,
// the first Tab stop (the skip link) and its focus outline, the print media query,
// and reduced motion. Driven by tests/test_theme_browser.py.
'use strict';

const path = require('path');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

const AXE = require.resolve('axe-core/axe.min.js');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, summary: n.failureSummary })),
    }));
  });
}

async function checkPage(context, root, rel) {
  const rootUrl = pathToFileURL(root + path.sep).href;
  const url = pathToFileURL(path.join(root, rel)).href;
  const report = { offsite: [], missing: [], requested: [] };
  const page = await context.newPage();
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(rootUrl) && !u.startsWith('data:')) report.offsite.push(u);
    else if (u.startsWith(rootUrl)) report.requested.push(u.slice(rootUrl.length).split(/[?#]/)[0]);
  });
  page.on('requestfailed', (req) => {
    // axe-core re-reads stylesheets with XHR, which file: URLs refuse (the site has
    // no script); a favicon still loading when the next check navigates is aborted.
    const error = req.failure().errorText;
    if (['xhr', 'fetch'].includes(req.resourceType()) || error === 'net::ERR_ABORTED') return;
    report.missing.push(`${req.url()} (${error})`);
  });

  await page.setViewportSize({ width: 1280, height: 900 });
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'no-preference', media: 'screen' });
    await page.goto(url, { waitUntil: 'load' });
    report[scheme] = await axe(page);
  }

  // The first Tab stop is the skip link; it must show itself and its focus ring.
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(url, { waitUntil: 'load' });
  await page.keyboard.press('Tab');
  report.firstTab = await page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      className: el.className,
      href: el.getAttribute('href'),
      outlineStyle: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth),
      visible: box.top >= 0 && box.bottom <= window.innerHeight && box.width > 0,
    };
  });

  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(url, { waitUntil: 'load' });
  report.narrow = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));

  await page.emulateMedia({ media: 'print' });
  report.print = await page.evaluate(() =>
    [...document.querySelectorAll('nav')].map((nav) => ({
      label: nav.getAttribute('aria-label'),
      display: getComputedStyle(nav).display,
    })),
  );

  await page.emulateMedia({ media: 'screen', reducedMotion: 'reduce' });
  report.reducedMotion = await page.evaluate(() =>
    [...document.querySelectorAll('*')]
      .map((el) => getComputedStyle(el))
      .filter((s) => s.transitionDuration.split(',').some((d) => parseFloat(d) > 0)
        || s.animationName !== 'none').length,
  );
  await page.close();
  return report;
}

(async () => {
  const { root, pages, chromium: executablePath } = JSON.parse(process.argv[2]);
  const browser = await chromium.launch({ executablePath, args: ARGS });
  try {
    const context = await browser.newContext();
    const out = {};
    for (const rel of pages) out[rel] = await checkPage(context, path.resolve(root), rel);
    process.stdout.write(JSON.stringify(out));
  } finally {
    await browser.close();
  }
})().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err));
  process.exit(1);
});
