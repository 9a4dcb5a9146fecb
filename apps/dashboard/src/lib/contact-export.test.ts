import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { buildContactZip, contactExportSchema, exportFiles } from './contact-export.ts'

const data = contactExportSchema.parse({
  exported_at: '2026-12-02T00:00:00Z',
  contact: { id: 'c1', email: 'lena@example.com', name: 'Lena' },
  conversations: [
    {
      id: 's1',
      messages: [
        {
          id: 7,
          content: 'my receipt',
          attachments: [{ path: 'st/s1/a.jpg', name: '../../receipt photo.jpg' }],
        },
        { id: 8, content: 'and the box', attachments: [{ path: 'st/s1/b.png', name: 'box.png' }] },
        { id: 9, content: 'thanks', attachments: [] },
      ],
    },
  ],
})

describe('a contact export', () => {
  it('names each file after its message, without path tricks', () => {
    expect(exportFiles(data).map((f) => f.zipName)).toEqual([
      'files/7-.._.._receipt_photo.jpg',
      'files/8-box.png',
    ])
  })

  it('zips contact.json with the files Storage still has, and lists the missing ones', () => {
    const zip = unzipSync(buildContactZip(data, new Map([['st/s1/a.jpg', new Uint8Array([1, 2, 3])]])))
    expect(Object.keys(zip).sort()).toEqual(['contact.json', 'files/7-.._.._receipt_photo.jpg'])
    expect([...(zip['files/7-.._.._receipt_photo.jpg'] ?? [])]).toEqual([1, 2, 3])
    const json = JSON.parse(strFromU8(zip['contact.json'] ?? new Uint8Array()))
    expect(json.contact.email).toBe('lena@example.com')
    expect(json.conversations[0].messages.map((m: { content: string }) => m.content)).toEqual([
      'my receipt',
      'and the box',
      'thanks',
    ])
    expect(json.missing_files).toEqual(['files/8-box.png'])
  })
})
