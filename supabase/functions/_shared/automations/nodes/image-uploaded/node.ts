import { z } from 'zod'
import { defineNode, OUT } from '../../define.ts'

export default defineNode({
  id: 'image-uploaded',
  version: 1,
  kind: 'trigger',
  title: 'Image uploaded',
  description: 'When a visitor sends a photo (for example of a damaged item).',
  icon: 'image',
  config: z.object({}),
  output: z.object({}),
  ports: () => [OUT],
  events: ['image.uploaded'],
  match: () => true,
})
