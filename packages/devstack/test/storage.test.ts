import { StorageClient } from '@supabase/storage-js'
import { createClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Stack } from '../src/stack.ts'
import { startTestStack, testDatabaseUrl } from '../src/testing.ts'

// /storage/v1 driven by the real @supabase/storage-js 2.119.1: uploads (raw and multipart), upsert, signed
// upload and download URLs, download, info, list, remove and buckets, with RLS policies on storage.objects
// deciding who reaches what, on the embedded engine and (in CI) on PostgreSQL.
const engines = [
  { name: 'PGlite', server: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', server: testDatabaseUrl }] : []),
]

// A 1x1 PNG: the bytes a test uploads and expects back.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

describe.each(engines)('Storage on $name', ({ server }) => {
  let stack: Stack
  let service: StorageClient
  let anon: StorageClient
  let alice: StorageClient
  let aliceId: string
  let bob: StorageClient
  let bobId: string

  const storageFor = (token: string) =>
    new StorageClient(`${stack.env.SUPABASE_URL}/storage/v1`, {
      apikey: stack.env.SUPABASE_ANON_KEY,
      Authorization: `Bearer ${token}`,
    })
  const signedUp = async (email: string) => {
    const c = createClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })
    const { data, error } = await c.auth.signUp({ email, password: 'correct-horse-battery' })
    if (error || !data.session) throw error ?? new Error('no session')
    return { storage: storageFor(data.session.access_token), id: data.session.user.id }
  }
  const sql = (text: string, params: unknown[] = []) => stack.db.pool.query(text, params)

  beforeAll(async () => {
    stack = await startTestStack({ databaseUrl: server })
    service = storageFor(stack.env.SUPABASE_SERVICE_ROLE_KEY)
    anon = storageFor(stack.env.SUPABASE_ANON_KEY)
    ;({ storage: alice, id: aliceId } = await signedUp('alice@storage.test'))
    ;({ storage: bob, id: bobId } = await signedUp('bob@storage.test'))
    // Supabase's documented starter: people reach files under a folder named by their own user id.
    for (const [op, clause] of [
      ['insert', 'with check'],
      ['select', 'using'],
      ['update', 'using'],
      ['delete', 'using'],
    ]) {
      await sql(`create policy "own folder ${op}" on storage.objects for ${op} to authenticated ${clause}
        (bucket_id = 'private' and (storage.foldername(name))[1] = (select auth.uid())::text)`)
    }
    const made = await service.createBucket('private', {
      public: false,
      fileSizeLimit: '1MB',
      allowedMimeTypes: ['image/*'],
    })
    expect(made).toEqual({ data: { name: 'private' }, error: null })
    expect((await service.createBucket('assets', { public: true })).error).toBeNull()
  })
  afterAll(async () => {
    await stack?.stop()
  })

  it('uploads raw bytes and a Blob, and gives them back with info and download', async () => {
    const raw = await alice.from('private').upload(`${aliceId}/dot.png`, PNG, { contentType: 'image/png' })
    expect(raw.error).toBeNull()
    expect(raw.data).toMatchObject({ path: `${aliceId}/dot.png`, fullPath: `private/${aliceId}/dot.png` })
    expect(raw.data?.id).toMatch(/^[0-9a-f-]{36}$/)

    const blob = await alice
      .from('private')
      .upload(`${aliceId}/photos/blob dot.png`, new Blob([PNG], { type: 'image/png' }), {
        metadata: { original: 'IMG_0001.png' },
      })
    expect(blob.error).toBeNull()

    const info = await alice.from('private').info(`${aliceId}/photos/blob dot.png`)
    expect(info.error).toBeNull()
    expect(info.data).toMatchObject({
      name: `${aliceId}/photos/blob dot.png`,
      bucketId: 'private',
      size: PNG.byteLength,
      contentType: 'image/png',
      metadata: { original: 'IMG_0001.png' },
    })

    const download = await alice.from('private').download(`${aliceId}/dot.png`)
    expect(download.error).toBeNull()
    expect(Buffer.from(await (download.data as Blob).arrayBuffer())).toEqual(PNG)
    expect((await alice.from('private').exists(`${aliceId}/dot.png`)).data).toBe(true)
    expect((await alice.from('private').exists(`${aliceId}/nothing.png`)).data).toBe(false)

    const [owner] = (
      await sql(`select owner_id from storage.objects where name = $1`, [`${aliceId}/dot.png`])
    ).rows
    expect(owner?.owner_id).toBe(aliceId)
  })

  it('lists one level below a prefix, folders without an id', async () => {
    const top = await alice.from('private').list(aliceId)
    expect(top.error).toBeNull()
    expect(top.data?.map((e) => [e.name, e.id === null])).toEqual([
      ['dot.png', false],
      ['photos', true],
    ])
    expect(top.data?.[0]?.metadata).toMatchObject({ size: PNG.byteLength, mimetype: 'image/png' })
    const inner = await alice.from('private').list(`${aliceId}/photos`, { search: 'blob' })
    expect(inner.data?.map((e) => e.name)).toEqual(['blob dot.png'])
    // RLS: Bob sees nothing of Alice's, the anon role nothing at all
    expect((await bob.from('private').list(aliceId)).data).toEqual([])
    expect((await anon.from('private').list('')).data).toEqual([])
  })

  it('refuses what policies refuse, in Storage error shapes', async () => {
    const intoAlices = await bob
      .from('private')
      .upload(`${aliceId}/bob.png`, PNG, { contentType: 'image/png' })
    expect(intoAlices.error).toMatchObject({ statusCode: '403', status: 400 })
    expect(intoAlices.error?.message).toMatch(/row-level security/)

    const anonUpload = await anon.from('private').upload('anyone/x.png', PNG, { contentType: 'image/png' })
    expect(anonUpload.error).toMatchObject({ statusCode: '403' })

    const read = await bob.from('private').download(`${aliceId}/dot.png`)
    expect(read.error).toMatchObject({ statusCode: '404' })
    const sign = await bob.from('private').createSignedUrl(`${aliceId}/dot.png`, 60)
    expect(sign.error).toMatchObject({ statusCode: '404' })
    const signUpload = await bob.from('private').createSignedUploadUrl(`${aliceId}/sneaky.png`)
    expect(signUpload.error).toMatchObject({ statusCode: '403' })

    const removed = await bob.from('private').remove([`${aliceId}/dot.png`])
    expect(removed).toEqual({ data: [], error: null })
    expect((await alice.from('private').exists(`${aliceId}/dot.png`)).data).toBe(true)

    const noBucket = await alice.from('nope').upload(`${aliceId}/x.png`, PNG, { contentType: 'image/png' })
    expect(noBucket.error).toMatchObject({ statusCode: '404', message: 'Bucket not found' })
    const badToken = await storageFor('not-a-jwt').from('private').download(`${aliceId}/dot.png`)
    expect(badToken.error).toMatchObject({ statusCode: '400' })
  })

  it('keeps a name unless asked to upsert; enforces the bucket size limit and types', async () => {
    const path = `${aliceId}/again.png`
    expect((await alice.from('private').upload(path, PNG, { contentType: 'image/png' })).error).toBeNull()
    const again = await alice.from('private').upload(path, PNG, { contentType: 'image/png' })
    expect(again.error).toMatchObject({ statusCode: '409', message: 'The resource already exists' })

    const bigger = Buffer.concat([PNG, Buffer.from('more')])
    const upsert = await alice
      .from('private')
      .upload(path, bigger, { contentType: 'image/png', upsert: true })
    expect(upsert.error).toBeNull()
    const back = await alice.from('private').download(path)
    expect(Buffer.from(await (back.data as Blob).arrayBuffer())).toEqual(bigger)
    const update = await alice.from('private').update(path, PNG, { contentType: 'image/png' })
    expect(update.error).toBeNull()
    // one version on disk: the replaced bytes are gone
    const { rows } = await sql(`select count(*)::int as n from storage.objects where name = $1`, [path])
    expect(rows[0]?.n).toBe(1)

    const tooLarge = await alice
      .from('private')
      .upload(`${aliceId}/large.png`, Buffer.alloc(1024 * 1024 + 1), { contentType: 'image/png' })
    expect(tooLarge.error).toMatchObject({ statusCode: '413' })
    const wrongType = await alice.from('private').upload(`${aliceId}/a.html`, '<p>hi</p>', {
      contentType: 'text/html',
    })
    expect(wrongType.error).toMatchObject({ statusCode: '415' })
    const badName = await alice
      .from('private')
      .upload(`${aliceId}/a<b>.png`, PNG, { contentType: 'image/png' })
    expect(badName.error).toMatchObject({ statusCode: '400' })
    const stored = await sql(`select name from storage.objects where name like $1 order by name`, [
      `${aliceId}/%`,
    ])
    expect(stored.rows.map((r) => r.name)).not.toContain(`${aliceId}/large.png`)
  })

  it('serves signed URLs to anyone with the token, only for that object and until it expires', async () => {
    const signed = await alice
      .from('private')
      .createSignedUrl(`${aliceId}/dot.png`, 60, { download: 'my dot.png' })
    expect(signed.error).toBeNull()
    const url = signed.data?.signedUrl ?? ''
    const res = await fetch(url)
    expect(res.status).toBe(200)
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''my%20dot.png`)
    expect(res.headers.get('expires')).toBeTruthy()
    expect((await fetch(url, { headers: { range: 'bytes=0-7' } })).status).toBe(206)

    const token = new URL(url).searchParams.get('token') ?? ''
    const other = `${stack.env.SUPABASE_URL}/storage/v1/object/sign/private/${aliceId}/again.png?token=${token}`
    const misused = await fetch(other)
    expect(misused.status).toBe(400)
    expect(await misused.json()).toMatchObject({ statusCode: '400', error: 'Unauthorized' })
    // One character of the signature changed (not its last one, whose low bits base64url decoding ignores).
    const flip = (c: string) => (c === 'A' ? 'B' : 'A')
    const tampered = await fetch(
      url.replace(
        /token=([^&]+)/,
        (_m, t: string) => `token=${t.slice(0, -6)}${flip(t.at(-6) ?? '')}${t.slice(-5)}`,
      ),
    )
    expect(tampered.status).toBe(400)

    const many = await alice.from('private').createSignedUrls([`${aliceId}/dot.png`, `${bobId}/none.png`], 60)
    expect(many.data?.map((d) => [d.path, d.signedUrl !== null, d.error])).toEqual([
      [`${aliceId}/dot.png`, true, null],
      [`${bobId}/none.png`, false, 'Either the object does not exist or you do not have access to it'],
    ])
  })

  it('uploads to a signed upload URL without a session, as the one who signed it', async () => {
    const path = `${aliceId}/via-token.png`
    const signed = await alice.from('private').createSignedUploadUrl(path)
    expect(signed.error).toBeNull()
    const done = await anon.from('private').uploadToSignedUrl(path, signed.data?.token ?? '', PNG, {
      contentType: 'image/png',
    })
    expect(done.error).toBeNull()
    expect(done.data).toMatchObject({ path, fullPath: `private/${path}` })
    const { rows } = await sql(`select owner_id from storage.objects where name = $1`, [path])
    expect(rows[0]?.owner_id).toBe(aliceId)
    // the token names one object
    const elsewhere = await anon
      .from('private')
      .uploadToSignedUrl(`${aliceId}/other.png`, signed.data?.token ?? '', PNG, { contentType: 'image/png' })
    expect(elsewhere.error).toMatchObject({ statusCode: '400' })
    // the bucket's rules still hold
    const big = await alice.from('private').createSignedUploadUrl(`${aliceId}/big.png`)
    const tooBig = await anon
      .from('private')
      .uploadToSignedUrl(`${aliceId}/big.png`, big.data?.token ?? '', Buffer.alloc(1024 * 1024 + 1), {
        contentType: 'image/png',
      })
    expect(tooBig.error).toMatchObject({ statusCode: '413' })
  })

  it('removes objects with their bytes; SQL cannot delete rows behind its back', async () => {
    await expect(
      sql(`delete from storage.objects where name = $1`, [`${aliceId}/dot.png`]),
    ).rejects.toMatchObject({
      code: '42501',
    })
    const removed = await alice.from('private').remove([`${aliceId}/dot.png`, `${aliceId}/missing.png`])
    expect(removed.error).toBeNull()
    expect(removed.data?.map((o) => o.name)).toEqual([`${aliceId}/dot.png`])
    expect((await alice.from('private').download(`${aliceId}/dot.png`)).error).toMatchObject({
      statusCode: '404',
    })
  })

  it('manages buckets with the service role; other roles are refused by RLS', async () => {
    expect((await anon.createBucket('mine')).error).toMatchObject({ statusCode: '403' })
    expect((await alice.createBucket('mine')).error).toMatchObject({ statusCode: '403' })
    expect((await alice.listBuckets()).data).toEqual([])

    const list = await service.listBuckets()
    expect(list.data?.map((b) => b.id)).toEqual(['assets', 'attachments', 'private']) // attachments: the migrations' bucket for shoppers' files
    const got = await service.getBucket('private')
    expect(got.data).toMatchObject({ id: 'private', public: false, file_size_limit: 1024 * 1024 })
    expect((await service.getBucket('nope')).error).toMatchObject({ statusCode: '404' })
    expect((await service.createBucket('private')).error).toMatchObject({ statusCode: '409' })

    const updated = await service.updateBucket('assets', { public: true, fileSizeLimit: 2048 })
    expect(updated).toEqual({ data: { message: 'Successfully updated' }, error: null })
    expect((await service.getBucket('assets')).data).toMatchObject({ file_size_limit: 2048 })

    expect(
      (await service.from('assets').upload('logo.png', PNG, { contentType: 'image/png' })).error,
    ).toBeNull()
    const publicUrl = service.from('assets').getPublicUrl('logo.png').data.publicUrl
    expect(Buffer.from(await (await fetch(publicUrl)).arrayBuffer())).toEqual(PNG)

    expect((await service.deleteBucket('assets')).error).toMatchObject({ statusCode: '409' })
    expect((await service.emptyBucket('assets')).data).toEqual({ message: 'Successfully emptied' })
    expect((await service.deleteBucket('assets')).data).toEqual({ message: 'Successfully deleted' })
    expect((await service.getBucket('assets')).error).toMatchObject({ statusCode: '404' })
  })
})
