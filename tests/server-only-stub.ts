// Vitest runs server modules directly; Next's "server-only" guard only matters inside the app bundles.
export {};
