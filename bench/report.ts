import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/**
 * The results of a run: one JSON file for tools (bench/results/<stamp>.json) and the same
 * numbers as a Markdown table for people (stdout and bench/results/<stamp>.md).
 */

export interface Row {
  id: string
  title: string
  /** null when the workload did not run; `note` says why. */
  requestsPerSecond: number | null
  p50Ms: number | null
  p99Ms: number | null
  errors: number | null
  conflicts: number | null
  statementsPerRequest: number | null
  rssMiB: number | null
  note: string
}

export interface PairedRatio {
  median: number | null
  rounds: number[]
}

export interface BenchReport {
  startedAt: string
  machine: { cpus: number; memoryGiB: number; node: string; platform: string }
  options: { articles: number; db: string; durationSeconds: number; warmupSeconds: number; connections: number; workloads: string[] }
  data: { reused: boolean; generationSeconds: number | null; liveArticles: number; size: Record<string, number> }
  workloads: Row[]
  ceilings: Row[]
  ratios: { w1ColdToSql: number | null; w1WarmToMemory: number | null; w1ColdToMemory: number | null; w4SavesToSave: number | null }
  /** Medians of alternating short runs of a workload and its ceiling (see PAIRED_ROUNDS in run.ts). */
  pairedRatios: { w1ColdToSql: PairedRatio; w1WarmToMemory: PairedRatio; w4SavesToSave: PairedRatio }
  notes: string[]
}

export function machineInfo(): BenchReport['machine'] {
  return { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` }
}

const num = (value: number | null, digits = 0) => (value === null ? '—' : value.toFixed(digits))

function table(rows: readonly Row[]): string[] {
  const lines = ['| workload | req/s | p50 ms | p99 ms | errors | conflicts | SQL stmts/req | server RSS MiB | note |', '|---|---:|---:|---:|---:|---:|---:|---:|---|']
  for (const row of rows) {
    lines.push(`| ${row.title} | ${num(row.requestsPerSecond)} | ${num(row.p50Ms, 1)} | ${num(row.p99Ms, 1)} | ${num(row.errors)} | ${num(row.conflicts)} | ${num(row.statementsPerRequest, 1)} | ${num(row.rssMiB)} | ${row.note} |`)
  }
  return lines
}

function pairedText(paired: PairedRatio, pct: (ratio: number | null) => string): string {
  return paired.rounds.length === 0 ? '—' : `**${pct(paired.median)}** (${paired.rounds.map((ratio) => pct(ratio)).join(', ')})`
}

export function toMarkdown(report: BenchReport): string {
  const { options, data, machine } = report
  const pct = (ratio: number | null) => (ratio === null ? '—' : `${(ratio * 100).toFixed(1)}%`)
  return [
    `## Masthead benchmark, ${report.startedAt}`,
    '',
    `${options.articles} articles on ${options.db} (${data.liveArticles} live; ${data.reused ? 'reused database' : `generated in ${num(data.generationSeconds, 1)} s`}); ` +
      `${options.connections} connections, ${options.durationSeconds} s per workload after ${options.warmupSeconds} s of warm-up; ` +
      `${machine.cpus} CPUs, ${machine.memoryGiB} GiB, Node ${machine.node}.`,
    '',
    ...table(report.workloads),
    '',
    '**Ceilings** (same data, same machine, same connections):',
    '',
    ...table(report.ceilings),
    '',
    `W1 cold reaches **${pct(report.ratios.w1ColdToSql)}** of the one-query SQL ceiling (C2) and ${pct(report.ratios.w1ColdToMemory)} of the in-memory one (C1); ` +
      `W1 warm reaches **${pct(report.ratios.w1WarmToMemory)}** of the in-memory ceiling (C1); ` +
      `W4's saves reach **${pct(report.ratios.w4SavesToSave)}** of the minimal-save ceiling (C3).`,
    '',
    `Paired rounds (median, then each round): W1 cold / C2 ${pairedText(report.pairedRatios.w1ColdToSql, pct)}; ` +
      `W1 warm / C1 ${pairedText(report.pairedRatios.w1WarmToMemory, pct)}; ` +
      `W4 saves / C3 ${pairedText(report.pairedRatios.w4SavesToSave, pct)}.`,
    '',
    ...report.notes.map((note) => `- ${note}`),
    '',
  ].join('\n')
}

/** Writes both files; the stamp is the start time, colons replaced so it is a valid file name everywhere. */
export function writeReport(report: BenchReport): { json: string; markdown: string } {
  const dir = path.resolve(import.meta.dirname, 'results')
  mkdirSync(dir, { recursive: true })
  const stamp = report.startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')
  const json = path.join(dir, `${stamp}.json`)
  const markdown = path.join(dir, `${stamp}.md`)
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`)
  writeFileSync(markdown, toMarkdown(report))
  return { json, markdown }
}
