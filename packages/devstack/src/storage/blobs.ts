import { createReadStream } from 'node:fs'
import { mkdir, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'

/**
 * Object bytes on disk. A file is named by the object version the server made (a UUID), never by the
 * object's name, so no name can reach outside the folder; a new upload is a new version, and the old one is
 * removed once the row points at the new one.
 */
export class Blobs {
  constructor(readonly dir: string) {}

  private path(version: string): string {
    if (!/^[0-9a-f-]{36}$/.test(version)) throw new Error(`not a version: ${version}`)
    return join(this.dir, version)
  }

  async write(version: string, bytes: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    await writeFile(this.path(version), bytes)
  }

  /** The bytes from `start` to `end` (inclusive), as a web stream; undefined when the file is gone. */
  async read(version: string, range?: { start: number; end: number }): Promise<ReadableStream | undefined> {
    const file = this.path(version)
    if (!(await stat(file).catch(() => undefined))) return undefined
    return Readable.toWeb(createReadStream(file, range)) as ReadableStream
  }

  async remove(versions: Iterable<string | null>): Promise<void> {
    for (const version of versions) {
      if (version) await rm(this.path(version), { force: true })
    }
  }
}
