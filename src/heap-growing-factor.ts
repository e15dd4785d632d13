import v8 from 'node:v8'

/**
 * Fixes the factor by which V8 lets the old space grow past the live data after a full
 * collection (V8_HEAP_GROWING_PERCENT). V8 reads the flag at each collection, so setting it at
 * start-up, before the first one, is enough; 0 keeps V8's own factor (1.1 to 4, raised while
 * allocation is fast).
 */
export function applyHeapGrowingPercent(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`)
}
