/**
 * Headless Debian Chromium through playwright-core: the charts' PNG/SVG renders, and the report's
 * print-to-PDF and text-to-PNG. A fresh temporary profile each time, and every network request refused: the
 * report is built only from local files, inlined as data: URLs.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { Page } from "playwright-core";
import { WorkbookError } from "../workbook-error";

/** No headless Chromium to draw or print with. */
export class ChromiumMissingError extends WorkbookError {
  override name = "ChromiumMissingError";
  constructor(tried: readonly string[]) {
    super(`No Chromium found (tried ${tried.join(", ")}). Install it with: sudo apt-get install -y chromium`);
  }
}

export const CHROMIUM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

export interface ChromiumOptions {
  /** Browser binary; default: the first of CHROMIUM_CANDIDATES that exists. */
  executablePath?: string;
  /** Device pixel ratio for screenshots (2 gives crisp PNGs). */
  scale?: number;
}

export function findChromium(options: ChromiumOptions = {}): string {
  const tried = options.executablePath ? [options.executablePath] : CHROMIUM_CANDIDATES;
  const found = tried.find((path) => existsSync(path));
  if (!found) throw new ChromiumMissingError(tried);
  return found;
}

export interface ChromiumPage {
  page: Page;
  /** Closes the browser and removes its temporary profile; safe to call twice. */
  close(): Promise<void>;
}

/** A fresh page in a fresh headless browser that stays open until `close()`: for callers that render many things. */
export async function openChromiumPage(options: ChromiumOptions = {}): Promise<ChromiumPage> {
  const executablePath = findChromium(options);
  const profile = mkdtempSync(join(tmpdir(), "workbook-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: FLAGS,
    offline: true,
    deviceScaleFactor: options.scale ?? 1,
  });
  let closed = false;
  // A kernel that exits with the browser still open (a notebook's shared chart renderer) leaves no profile behind.
  const removeProfile = () => rmSync(profile, { recursive: true, force: true });
  process.once("exit", removeProfile);
  const close = async () => {
    if (closed) return;
    closed = true;
    process.off("exit", removeProfile);
    await context.close().catch(() => undefined);
    removeProfile();
  };
  try {
    await context.route("**/*", (route) =>
      route.request().url().startsWith("data:") ? route.continue() : route.abort(),
    );
    const page = context.pages()[0] ?? (await context.newPage());
    return { page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs `work` with a fresh page in a fresh headless browser, and always closes both. */
export async function withChromiumPage<T>(
  work: (page: Page) => Promise<T>,
  options: ChromiumOptions = {},
): Promise<T> {
  const { page, close } = await openChromiumPage(options);
  try {
    return await work(page);
  } finally {
    await close();
  }
}
