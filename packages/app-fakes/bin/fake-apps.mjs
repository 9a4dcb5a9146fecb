#!/usr/bin/env node
// Runs the apps' fakes without a build step.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
