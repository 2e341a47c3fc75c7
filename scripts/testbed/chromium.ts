// Debian's Chromium, as the browser tests and the benchmark launch it: Playwright cannot download its own browser on
// our network, and these flags keep it from reaching out or needing a sandbox and a GPU.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
