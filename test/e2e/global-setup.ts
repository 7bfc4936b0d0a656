/**
 * Builds and serves the app, launches Chromium once, and hands both addresses to the tests.
 */
import { chromium, type BrowserServer } from "playwright-core";
import type { TestProject } from "vitest/node";
import { CHROMIUM_ARGS, chromiumPath, serveBuiltApp } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    wsEndpoint: string;
  }
}

let browser: BrowserServer | undefined;
let server: { close(): Promise<void> } | undefined;

export async function setup(project: TestProject): Promise<void> {
  const served = await serveBuiltApp();
  server = served;
  browser = await chromium.launchServer({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  project.provide("baseUrl", served.url);
  project.provide("wsEndpoint", browser.wsEndpoint());
}

export async function teardown(): Promise<void> {
  await browser?.close();
  await server?.close();
}
