import t from 'tap'
import { soakVerdict, type Sample } from '../../bench/soak-verdict.js'

// Ten minutes sampled every 5 s, as `npm run bench -- --soak` takes them.
const series = (rss: (seconds: number) => number): Sample[] => Array.from({ length: 121 }, (_, i) => ({ seconds: i * 5, rssMiB: rss(i * 5) }))
// GC sawtooth: ±6 MiB around the level, as V8's major collections make it.
const sawtooth = (seconds: number) => 6 * Math.sin(seconds / 9)
// Climbs from 120 to 280 MiB over the first four minutes, then holds.
const settling = (seconds: number) => Math.min(280, 120 + (160 * seconds) / 240)

t.test('a server that settles in the first minutes and then holds is steady', (t) => {
  const verdict = soakVerdict(series((s) => settling(s) + sawtooth(s)))
  t.equal(verdict.verdict, 'steady')
  t.ok(Math.abs(verdict.slopeMiBPerMinute) < 0.5, `trend ${verdict.slopeMiBPerMinute} MiB/min`)
  t.end()
})

t.test('a server that keeps climbing after warm-up is growing, even slowly', (t) => {
  // 1 MiB a minute on top of the plateau: 60 MiB an hour, about 20%.
  const verdict = soakVerdict(series((s) => settling(s) + sawtooth(s) + s / 60))
  t.equal(verdict.verdict, 'growing')
  t.ok(verdict.slopeMiBPerMinute > 0.8 && verdict.slopeMiBPerMinute < 1.2, `trend ${verdict.slopeMiBPerMinute} MiB/min`)
  t.end()
})

t.test('a jump after warm-up is growing even if it then holds', (t) => {
  const verdict = soakVerdict(series((s) => (s < 450 ? 280 : 340)))
  t.equal(verdict.verdict, 'growing')
  t.equal(Math.round(verdict.growthMiB), 60)
  t.end()
})

t.test('a flat series is steady with no growth', (t) => {
  const verdict = soakVerdict(series(() => 200))
  t.same(verdict, { verdict: 'steady', growthMiB: 0, growthPercent: 0, slopeMiBPerMinute: 0 })
  t.end()
})
