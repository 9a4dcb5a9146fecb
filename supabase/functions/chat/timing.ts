/**
 * How long each step of a request took, sent as `Server-Timing` (browsers' dev tools show it; the bench
 * reads it to split a reply's time between the steps).
 */
export class Timing {
  private readonly steps: string[] = []
  private last = performance.now()

  /** Records the time since the previous step (or the start) as `name`. */
  step(name: string): void {
    const now = performance.now()
    this.steps.push(`${name};dur=${(now - this.last).toFixed(1)}`)
    this.last = now
  }

  header(): Record<string, string> {
    return { 'Server-Timing': this.steps.join(', ') }
  }
}
