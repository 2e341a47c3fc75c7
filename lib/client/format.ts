// Display formatting shared by the pages (pure, browser-safe).

const UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;

/**
 * Mesos reports `mem` and `disk` in MB; the stock UI shows `value * 1024 * 1024 | dataSize`: binary units, one
 * decimal when needed ("1.5 GB", "512 MB", "0 B").
 */
export function formatMegabytes(mb: number): string {
  let value = mb * 1024 * 1024;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} ${UNITS[unit]}`;
}

/** CPUs and GPUs: at most 2 decimals, no trailing zeros ("2", "0.5", "31.82"). */
export function formatCount(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** "0.8 s", "1.5 s", "12 s", "3 min 4 s", "2 h 5 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 10_000) return `${(Math.floor(safe / 100) / 10).toFixed(1).replace(/\.0$/, "")} s`;
  const seconds = Math.floor(safe / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min${seconds % 60 ? ` ${seconds % 60} s` : ""}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
  const days = Math.floor(hours / 24);
  return `${days} d${hours % 24 ? ` ${hours % 24} h` : ""}`;
}

/** `2026-11-22 10:04:05 UTC` from an ISO time. */
export function formatUtc(iso: string): string {
  return `${iso.replace("T", " ").slice(0, 19)} UTC`;
}

/** A share as a percentage with at most one decimal ("42.5 %"), "0 %" for nothing. */
export function formatPercent(fraction: number): string {
  const value = Math.round(fraction * 1000) / 10;
  return `${value} %`;
}
