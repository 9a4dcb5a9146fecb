import 'vitest'

/** Values the global setup hands to the journeys (`inject('baseUrl')`). */
declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
  }
}
