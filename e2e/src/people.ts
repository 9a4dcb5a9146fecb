import { randomBytes } from 'node:crypto'

export type Person = { fullName: string; email: string; password: string }

const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`

/** A new person per test run, so journeys never collide with earlier runs or the demo data. */
export function newPerson(firstName: string): Person {
  return {
    fullName: `${firstName} Tester`,
    email: `${firstName.toLowerCase()}.${run}@e2e.parley.test`,
    password: `pw-${randomBytes(8).toString('hex')}`,
  }
}

/** A store name unique to this run. */
export const storeName = (label: string) => `${label} ${run}`
