/** Judging a soak's memory series: does the server level off, or keep climbing? */

export interface Sample {
  seconds: number
  rssMiB: number
}

/** Least-squares slope of RSS over time, in MiB per minute. */
function slopePerMinute(samples: Sample[]): number {
  if (samples.length < 2) return 0
  const n = samples.length
  const meanT = samples.reduce((sum, s) => sum + s.seconds, 0) / n
  const meanR = samples.reduce((sum, s) => sum + s.rssMiB, 0) / n
  const num = samples.reduce((sum, s) => sum + (s.seconds - meanT) * (s.rssMiB - meanR), 0)
  const den = samples.reduce((sum, s) => sum + (s.seconds - meanT) ** 2, 0)
  return den === 0 ? 0 : (num / den) * 60
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length)

/** Share of the run treated as warm-up: JIT, pools, the response cache and V8's heap limits settling. */
export const WARM_UP_SHARE = 0.4

/**
 * A healthy process levels off after warm-up; a leak keeps climbing. On this machine's mixed
 * load V8 goes on raising its old-space limit for 3 to 4 minutes while the live heap stays flat
 * (heap snapshots: 40 MB at 1.5 min, 44 MB at 5 min), so the first 40% of the run is warm-up.
 * Growing: after it, the trend would add more than 10% per hour, or the last quarter's mean RSS
 * is more than 10% and 32 MiB above the mean just after warm-up.
 */
export function soakVerdict(samples: Sample[]): { verdict: 'steady' | 'growing'; growthMiB: number; growthPercent: number; slopeMiBPerMinute: number } {
  const settled = samples.slice(Math.floor(samples.length * WARM_UP_SHARE))
  const quarter = Math.max(1, Math.floor(settled.length / 4))
  const first = mean(settled.slice(0, quarter).map((s) => s.rssMiB))
  const last = mean(settled.slice(-quarter).map((s) => s.rssMiB))
  const growthMiB = last - first
  const growthPercent = first === 0 ? 0 : (100 * growthMiB) / first
  const slope = slopePerMinute(settled)
  const growing = (growthPercent > 10 && growthMiB > 32) || (first > 0 && (slope * 60) / first > 0.1)
  return { verdict: growing ? 'growing' : 'steady', growthMiB, growthPercent, slopeMiBPerMinute: slope }
}
