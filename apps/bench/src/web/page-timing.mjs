// When a page is usable, measured inside the page: an init script (installed before any of the page's own scripts)
// watches the DOM and records performance.now() — milliseconds since the navigation started — the first time the
// page's readiness condition holds. No polling from outside, so the figure does not depend on the CDP round trip.

/**
 * The readiness conditions, by page (chosen from location.pathname), in the page's own JavaScript:
 * - `/` (the runs page): a run row is rendered (has a box) and the search box exists and accepts input;
 * - `/compare`: the first item row of the comparison is rendered and the per-metric table has a row;
 * - `/hello` (the static hello page of the baseline): its paragraph is there.
 */
const INIT_SCRIPT = `(() => {
  const shown = (el) => !!el && el.getClientRects().length > 0;
  const metricTable = () => {
    const marked = document.querySelector('[data-testid="metric-table"] tbody tr, [data-testid="metrics-table"] tbody tr, table[aria-label*="etric"] tbody tr');
    if (marked) return marked;
    const heading = [...document.querySelectorAll('h1, h2, h3, h4')].find((h) => /^\\s*(per-metric|metrics)/i.test(h.textContent || ''));
    if (!heading) return null;
    const table = [...document.querySelectorAll('table')].find((t) => heading.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
    return table ? table.querySelector('tbody tr') : null;
  };
  const conditions = {
    runs: () => {
      const input = document.querySelector('input[aria-label="Search runs"]');
      return !!input && !input.disabled && !input.readOnly && shown(document.querySelector('tr[data-testid="run-row"]'));
    },
    compare: () => shown(document.querySelector('[data-testid="change-row"]')) && shown(metricTable()),
    hello: () => !!document.getElementById('hello'),
  };
  const path = location.pathname;
  const ready = path === '/hello' ? conditions.hello : path.startsWith('/compare') ? conditions.compare : conditions.runs;
  const check = () => {
    if (window.__benchReady !== undefined) return;
    let ok = false;
    try { ok = ready(); } catch { ok = false; }
    if (ok) {
      window.__benchReady = performance.now();
      observer.disconnect();
    }
  };
  // Main-thread tasks over 50 ms until the page is ready: the JavaScript work a faster machine would shorten.
  window.__benchLongTasks = 0;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (window.__benchReady === undefined || entry.startTime < window.__benchReady) window.__benchLongTasks += entry.duration;
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  document.addEventListener('DOMContentLoaded', check);
})();`;

/** Installs the readiness watcher in every page of `context`. */
export async function watchReadiness(context) {
  await context.addInitScript({ content: INIT_SCRIPT });
}

/**
 * Navigates `page` to `url` and resolves with the ms from navigation start until the page was ready, the API
 * requests it made meanwhile, the bytes of script it loaded and the console errors it logged. Throws on timeout.
 */
export async function timedLoad(page, url, { timeout }) {
  const api = [];
  const errors = [];
  const onRequest = (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/')) api.push(request.url());
  };
  const onConsole = (message) => message.type() === 'error' && errors.push(message.text());
  const onPageError = (error) => errors.push(error.message);
  page.on('request', onRequest);
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  try {
    await page.goto(url, { waitUntil: 'commit', timeout });
    const handle = await page.waitForFunction(() => window.__benchReady, null, { timeout, polling: 100 });
    const ms = await handle.jsonValue();
    const facts = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const resources = performance.getEntriesByType('resource');
      const scripts = resources.filter((r) => r.name.endsWith('.js'));
      const apis = resources.filter((r) => new URL(r.name).pathname.startsWith('/api/'));
      const edge = (list, key, pick) => (list.length ? pick(...list.map((r) => r[key])) : null);
      return {
        // Where the time went: the HTML, the scripts, the API requests (ms since navigation start).
        responseEnd: nav?.responseEnd ?? null,
        scriptsEnd: edge(scripts, 'responseEnd', Math.max),
        apiStart: edge(apis, 'startTime', Math.min),
        apiEnd: edge(apis, 'responseEnd', Math.max),
        longTasks: window.__benchLongTasks ?? null,
        scriptBytes: scripts.reduce((n, r) => n + (r.encodedBodySize || 0), 0),
        scriptTransferBytes: scripts.reduce((n, r) => n + (r.transferSize || 0), 0),
      };
    });
    return { ms, api: [...api], errors: [...errors], ...facts };
  } finally {
    page.off('request', onRequest);
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
  }
}

/** `loads` loads of `url`, each in a new browser context (an empty cache: a first visit). */
export async function coldLoads(browser, url, { loads, timeout, before }) {
  const samples = [];
  for (let i = 0; i < loads; i++) {
    await before?.();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      await watchReadiness(context);
      const page = await context.newPage();
      samples.push(await timedLoad(page, url, { timeout }));
    } finally {
      await context.close();
    }
  }
  return samples;
}

/**
 * One untimed load to fill the cache, then `loads` timed loads, each in a new tab of the same browser context (the
 * HTTP and code caches warm: a returning visit).
 */
export async function warmLoads(browser, url, { loads, timeout, before, afterLast }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const samples = [];
  try {
    await watchReadiness(context);
    const primer = await context.newPage();
    await timedLoad(primer, url, { timeout });
    await primer.close();
    for (let i = 0; i < loads; i++) {
      await before?.();
      const page = await context.newPage();
      samples.push(await timedLoad(page, url, { timeout }));
      if (i === loads - 1) await afterLast?.(page);
      await page.close();
    }
  } finally {
    await context.close();
  }
  return samples;
}
