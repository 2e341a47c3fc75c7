// Windowing of the agents table (pure): only the rows in view are rendered, and only a page around them is asked of
// the server (lib/mesos/agent-query.ts), which filters and sorts.
/** The rows to render for a scroll position: [start, end) with `overscan` rows above and below the view. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 8,
): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  const end = Math.min(count, first + visible + overscan);
  return { start: Math.min(end, Math.max(0, first - overscan)), end };
}

/**
 * The page of rows to ask the server for, so that [start, end) is inside it: aligned to `pageSize`, two pages long
 * (more if the view is taller), so scrolling within a page and into the next asks nothing new.
 */
export function pageWindow(start: number, end: number, pageSize: number): { offset: number; limit: number } {
  const offset = Math.floor(Math.max(0, start) / pageSize) * pageSize;
  const pages = Math.max(2, Math.ceil((end - offset) / pageSize));
  return { offset, limit: pages * pageSize };
}
