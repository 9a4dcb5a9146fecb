// Where the CPU went during a run, from /proc (Linux only; elsewhere nothing is reported): the load generator
// (this process), the stack's process (gateway, auth, realtime, the function runner, and PGlite when
// embedded), its children (Deno workers, PostgREST), the PostgreSQL backends of the bench's database, and
// everything else on the machine (other people's work on a shared box shows here).
import { readdirSync, readFileSync } from 'node:fs'

export type CpuPart = 'load generator' | 'stack (node)' | 'deno' | 'postgrest' | 'postgres' | 'others'

interface Snapshot {
  at: number
  parts: Map<CpuPart, number>
  machine: number
}

const TICKS_PER_SECOND = 100

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/** [ppid, cpu seconds] of a process. */
function stat(pid: string): [number, number] | undefined {
  const text = read(`/proc/${pid}/stat`)
  if (!text) return undefined
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return [Number(fields[1]), (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND]
}

/** Busy CPU seconds of the whole machine (all cores). */
function machineBusy(): number {
  const cpu = (read('/proc/stat') ?? '').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? []
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND
}

function snapshot(stackPid: number, database: string | undefined): Snapshot | undefined {
  if (!read('/proc/stat')) return undefined
  const parts = new Map<CpuPart, number>()
  const add = (part: CpuPart, seconds: number) => parts.set(part, (parts.get(part) ?? 0) + seconds)
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const s = stat(pid)
    if (!s) continue
    const [ppid, seconds] = s
    if (Number(pid) === process.pid) add('load generator', seconds)
    else if (Number(pid) === stackPid) add('stack (node)', seconds)
    else if (ppid === stackPid) {
      const cmd = read(`/proc/${pid}/cmdline`) ?? ''
      if (cmd.includes('postgrest')) add('postgrest', seconds)
      else if (cmd.includes('deno')) add('deno', seconds)
    } else if (database) {
      // backends are titled "postgres: <user> <database> <client> <state>"
      const cmd = read(`/proc/${pid}/cmdline`) ?? ''
      if (cmd.startsWith('postgres: ') && cmd.includes(` ${database} `)) add('postgres', seconds)
    }
  }
  return { at: performance.now(), parts, machine: machineBusy() }
}

/** Starts measuring; `stop()` returns each part's share of one core (1 = a whole core) over the run. */
export function cpuMeter(stackPid: number, database: string | undefined) {
  const start = snapshot(stackPid, database)
  return {
    stop(): Map<CpuPart, number> | undefined {
      const end = snapshot(stackPid, database)
      if (!start || !end) return undefined
      const seconds = (end.at - start.at) / 1000
      const shares = new Map<CpuPart, number>()
      let ours = 0
      for (const [part, cpu] of end.parts) {
        const used = cpu - (start.parts.get(part) ?? 0)
        ours += used
        shares.set(part, used / seconds)
      }
      shares.set('others', Math.max(0, end.machine - start.machine - ours) / seconds)
      return shares
    },
  }
}
