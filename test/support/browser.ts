/**
 * A real browser for the page suites: Debian's Chromium driven by playwright-core (no browser
 * download). When Chromium is missing and the run is root, it is installed with apt-get; otherwise
 * the run stops with one line naming what to install. No page test is ever skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = resolve(import.meta.dirname, '../..');

/** Where the page suites write their screenshots (git-ignored, under .cache/). */
export const screenshotDir = join(root, '.cache/screenshots');

function which(command: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The Chromium binary: `CHROMIUM_PATH`, or Debian's `chromium`, installed first when root may. */
export function chromiumPath(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return configured;
  const found = which('chromium');
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error("The page suites need Debian's Chromium: run `apt-get install chromium` (as root), or set CHROMIUM_PATH");
  }
  console.log("[browser] installing Debian's chromium (apt-get install chromium)");
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-upgrade', 'chromium'], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const installed = which('chromium');
  if (!installed) throw new Error('apt-get install chromium ran, but no chromium is on PATH');
  return installed;
}

/** Launches headless Chromium (`--no-sandbox` when root, as Chromium refuses its sandbox there). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One axe-core finding. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/**
 * Runs axe-core on the page as it is and returns the serious and critical violations. axe is
 * evaluated through the driver, not added as a script tag, so the page's CSP stays as served.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: any[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Screenshots the page at desktop (1280×800) and phone (390×844) width, full length, as
 * `<name>-desktop.png` and `<name>-phone.png`; fails when the page is wider than the phone
 * (something a person would have to scroll sideways for).
 */
export async function screenshotBoth(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const size = page.viewportSize();
  for (const [label, width, height] of [
    ['desktop', 1280, 800],
    ['phone', 390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(50);
    await page.screenshot({ path: join(screenshotDir, `${name}-${label}.png`), fullPage: true });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    if (wide > width) throw new Error(`${name} is ${wide} px wide at ${label} width ${width} px: it scrolls sideways`);
  }
  if (size) await page.setViewportSize(size);
}
