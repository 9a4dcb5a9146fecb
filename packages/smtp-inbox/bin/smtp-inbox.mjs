#!/usr/bin/env node
// Runs the dev inbox without a build step.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
