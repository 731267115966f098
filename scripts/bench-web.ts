// The web application's figures for `npm run bench -- --only web`: the JavaScript of the first page
// (gzip, as the service sends it), the time until the notice page of the largest grant shows its
// figures and its first page of receipts in headless Chromium, and a page turn of its Belegliste, in
// booking order and sorted by amount. Signed in by a session written straight into the database, as a
// sign-in would write it. Playwright gives the browser a fresh profile of its own for each launch.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface WebFigure {
  measure: string;
  unit: 'KB' | 'ms';
  median: number;
  p95: number;
  runs: number;
  target: number;
  note?: string;
}

export interface WebBenchInput {
  url: string;
  /** The session cookie's value for a finance officer of the grant. */
  sessionKey: string;
  noticeId: string;
  runs: number;
  log: (message: string) => void;
}

function stats(samples: number[]): Pick<WebFigure, 'median' | 'p95' | 'runs'> {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), runs: samples.length };
}

async function signedInContext(browser: Awaited<ReturnType<typeof chromium.launch>>, input: WebBenchInput): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: 'grants_session', value: input.sessionKey, url: input.url, httpOnly: true, sameSite: 'Lax' }]);
  return context;
}

/** The scripts the first page loads, each as gzip would send it, in KB. */
async function firstPageScripts(context: BrowserContext, url: string): Promise<{ kilobytes: number; files: number; encodings: string }> {
  const page = await context.newPage();
  const scripts: Promise<{ size: number; encoding: string | null }>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    scripts.push(
      response.body().then((body) => ({ size: gzipSync(body).length, encoding: response.headers()['content-encoding'] ?? null })),
    );
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  try {
    await page.getByRole('heading', { name: 'Zuwendungsbescheide', level: 1 }).waitFor({ timeout: 60_000 });
  } catch (error) {
    const shot = path.join(tmpdir(), 'grants-bench-start-page.png');
    await page.screenshot({ path: shot, fullPage: true });
    throw new Error(`The start page did not show its notices (${page.url()}); see ${shot}`, { cause: error });
  }
  const loaded = await Promise.all(scripts);
  await page.close();
  return {
    kilobytes: loaded.reduce((sum, script) => sum + script.size, 0) / 1024,
    files: loaded.length,
    encodings: [...new Set(loaded.map((script) => script.encoding ?? 'none'))].join(', '),
  };
}

const statusOf = (page: Page, text: RegExp) => page.locator('#belegliste ~ [role="status"]', { hasText: text });

/** From the address to the figures of the notice, and to its first page of receipts. */
async function openNotice(context: BrowserContext, input: WebBenchInput): Promise<{ figures: number; receipts: number; page: Page }> {
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(`${input.url}/bescheide/${input.noticeId}`);
  await page.locator('dt', { hasText: 'Bewilligte Zuwendung' }).waitFor();
  const figures = performance.now() - started;
  await statusOf(page, /angezeigt 1–/).waitFor({ timeout: 60_000 });
  return { figures, receipts: performance.now() - started, page };
}

/** Turns to the next page `turns` times and times each turn, from the press until the rows are shown. */
async function pageTurns(page: Page, turns: number): Promise<number[]> {
  const samples: number[] = [];
  for (let turn = 1; turn <= turns; turn += 1) {
    const first = turn * 50 + 1;
    const started = performance.now();
    await page.getByRole('button', { name: 'Nächste Seite' }).click();
    await statusOf(page, new RegExp(`angezeigt ${first}–`)).waitFor({ timeout: 60_000 });
    samples.push(performance.now() - started);
  }
  return samples;
}

export async function benchWeb(input: WebBenchInput): Promise<WebFigure[]> {
  if (!existsSync(CHROMIUM)) {
    input.log(`web: no Chromium at ${CHROMIUM}; skipped`);
    return [];
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const scripts = await firstPageScripts(await signedInContext(browser, input), input.url);
    const figures: number[] = [];
    const receipts: number[] = [];
    const turns: number[] = [];
    const sortedTurns: number[] = [];
    // One warm-up, then each run in a fresh context: a first visit, with nothing cached.
    for (let run = 0; run <= input.runs; run += 1) {
      const context = await signedInContext(browser, input);
      const opened = await openNotice(context, input);
      const booking = await pageTurns(opened.page, 3);
      await opened.page.getByRole('button', { name: 'Betrag: aufsteigend sortieren' }).click();
      await opened.page.getByRole('button', { name: 'Betrag: absteigend sortieren' }).click();
      await statusOf(opened.page, /angezeigt 1–/).waitFor({ timeout: 60_000 });
      const sorted = await pageTurns(opened.page, 3);
      await context.close();
      if (run === 0) continue;
      figures.push(opened.figures);
      receipts.push(opened.receipts);
      turns.push(...booking);
      sortedTurns.push(...sorted);
    }
    return [
      {
        measure: 'JavaScript of the first page (gzip)',
        unit: 'KB',
        ...stats([scripts.kilobytes]),
        target: 250,
        note: `${scripts.files} file(s), sent with content-encoding ${scripts.encodings} (the figure is gzip's size)`,
      },
      { measure: 'notice page: figures shown', unit: 'ms', ...stats(figures), target: 1500 },
      { measure: 'notice page: first page of receipts shown', unit: 'ms', ...stats(receipts), target: 1500 },
      { measure: 'Belegliste page turn, booking order', unit: 'ms', ...stats(turns), target: 300 },
      { measure: 'Belegliste page turn, sorted by amount', unit: 'ms', ...stats(sortedTurns), target: 300 },
    ];
  } finally {
    await browser.close();
  }
}

export function webTable(figures: WebFigure[]): string {
  const header = ['web application', 'median', 'p95', 'runs', 'target', 'met'];
  const value = (figure: WebFigure, n: number) => (figure.unit === 'KB' ? `${n.toFixed(1)} KB` : `${n.toFixed(0)} ms`);
  const rows = figures.map((figure) => [
    figure.measure,
    value(figure, figure.median),
    value(figure, figure.p95),
    String(figure.runs),
    `≤ ${value(figure, figure.target)}`,
    figure.p95 <= figure.target ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
