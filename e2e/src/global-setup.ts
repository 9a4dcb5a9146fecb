import type { TestProject } from 'vitest/node'
import { startDashboard } from './dashboard-server.ts'
import { localSupabase } from './supabase.ts'

/**
 * With E2E_BASE_URL set (the test command starts `pnpm dev` and sets it), the journeys run against that
 * dashboard. Without it, this starts an isolated stack of its own: devstack on free ports with an
 * in-memory database and the demo seed, and `next dev` pointed at it.
 */
export default async function setup(project: TestProject) {
  const given = process.env.E2E_BASE_URL
  if (given) {
    project.provide('baseUrl', given.replace(/\/$/, ''))
    project.provide('supabase', localSupabase(process.env.E2E_SUPABASE_URL))
    return
  }
  const { startTestStack } = await import('@parley/devstack/testing')
  const stack = await startTestStack({ seed: true })
  try {
    const dashboard = await startDashboard(stack.config.apiUrl)
    project.provide('baseUrl', dashboard.baseUrl)
    project.provide('supabase', {
      url: stack.config.apiUrl,
      anonKey: stack.config.anonKey,
      serviceRoleKey: stack.config.serviceRoleKey,
    })
    return async () => {
      dashboard.stop()
      await stack.stop()
    }
  } catch (error) {
    await stack.stop()
    throw error
  }
}
