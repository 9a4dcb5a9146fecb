import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from '../src/browser.ts'
import {
  createStore,
  fillSignUp,
  invite,
  listedMembers,
  listedStores,
  signIn,
  signUp,
} from '../src/dashboard.ts'
import { newPerson, storeName } from '../src/people.ts'

/**
 * The foundation journey: an owner signs up, creates a store and invites a teammate as agent; the
 * teammate signs up from the invitation link, accepts, and sees that store and nothing else.
 * Each person has their own browser context (their own cookies), as on two machines.
 */
/** The demo data in supabase/seed.sql, which both the dev command and the e2e global setup load. */
const demo = {
  person: { fullName: 'Dana Demo', email: 'demo@parley.dev', password: 'parley-demo-2026' },
  storeId: 'de000000-0000-4000-8000-000000000010',
  storeName: 'Acme Outdoor',
}

describe('team journey', () => {
  const baseUrl = inject('baseUrl')
  const owner = newPerson('Olivia')
  const agent = newPerson('Aaron')
  const admin = newPerson('Ada')
  const shopName = storeName('Alpine Gear')
  const otherShopName = storeName('Boat Supplies')
  let browser: Browser
  const contexts: BrowserContext[] = []
  let ownerPage: Page
  let agentPage: Page
  let shopId: string
  let otherShopId: string
  let agentLink: string
  let adminLink: string

  const newPage = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    context.setDefaultTimeout(90_000)
    context.setDefaultNavigationTimeout(120_000)
    contexts.push(context)
    return context.newPage()
  }

  beforeAll(async () => {
    browser = await launchBrowser()
    ownerPage = await newPage()
    agentPage = await newPage()
  })

  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
  })

  it('an owner signs up, creates a store and invites an agent and an admin', async () => {
    await signUp(ownerPage, baseUrl, owner)
    expect(new URL(ownerPage.url()).pathname).toBe('/stores')
    expect(await listedStores(ownerPage, baseUrl)).toEqual([])

    shopId = await createStore(ownerPage, baseUrl, shopName)
    expect(await listedMembers(ownerPage)).toEqual([`${owner.fullName}: owner`])

    agentLink = await invite(ownerPage, agent.email, 'Agent')
    adminLink = await invite(ownerPage, admin.email, 'Admin')
    expect(agentLink).toMatch(new RegExp(`^${baseUrl}/invitations/[0-9a-f]+$`))
    expect(adminLink).not.toBe(agentLink)

    // A second store the invitees must never see.
    otherShopId = await createStore(ownerPage, baseUrl, otherShopName)
    expect(await listedStores(ownerPage, baseUrl)).toEqual([shopName, otherShopName])
  })

  it('the agent opens the link signed out, signs up, comes back to the invitation and accepts', async () => {
    await agentPage.goto(agentLink)
    // Signed out: the dashboard asks to sign in first and remembers where to return.
    await agentPage.waitForURL((url) => url.pathname === '/login')
    expect(new URL(agentPage.url()).searchParams.get('next')).toBe(new URL(agentLink).pathname)

    await agentPage.getByRole('link', { name: 'Create an account' }).click()
    await agentPage.waitForURL((url) => url.pathname === '/signup')
    await fillSignUp(agentPage, agent)
    expect(agentPage.url()).toBe(agentLink)

    await agentPage.getByRole('button', { name: /Accept invitation/ }).click()
    await agentPage.waitForURL(`${baseUrl}/stores/${shopId}`)
    await agentPage.getByRole('heading', { level: 1, name: shopName }).waitFor()
  })

  it('the agent sees that store and nothing else, read-only', async () => {
    // Not the demo store, not the owner's other store.
    expect(await listedStores(agentPage, baseUrl)).toEqual([shopName])
    const item = agentPage.getByTestId('store-item')
    expect(await item.locator('[data-role]').getAttribute('data-role')).toBe('agent')

    await agentPage.goto(`${baseUrl}/stores/${shopId}`)
    await agentPage.getByTestId('read-only-notice').waitFor()
    expect((await listedMembers(agentPage)).toSorted()).toEqual(
      [`${agent.fullName}: agent`, `${owner.fullName}: owner`].toSorted(),
    )
    expect(await agentPage.getByRole('form', { name: 'Invite a member' }).count()).toBe(0)
    expect(await agentPage.getByRole('button', { name: /^Remove/ }).count()).toBe(0)
    expect(await agentPage.getByText('Pending invitations').count()).toBe(0)

    // Not even by address: the owner's other store and the seeded demo store look like nothing at all.
    for (const id of [otherShopId, demo.storeId]) {
      await agentPage.goto(`${baseUrl}/stores/${id}`)
      await agentPage.getByRole('heading', { level: 1, name: 'Store not found' }).waitFor()
    }
  })

  it('an admin accepts from the stores page and may manage members', async () => {
    const adminPage = await newPage()
    await signUp(adminPage, baseUrl, admin)
    const invitation = adminPage.getByTestId('my-invitation')
    await invitation.waitFor()
    await invitation.getByRole('button', { name: /Accept invitation/ }).click()
    await adminPage.waitForURL(`${baseUrl}/stores/${shopId}`)
    await adminPage.getByRole('form', { name: 'Invite a member' }).waitFor()
    expect(await listedStores(adminPage, baseUrl)).toEqual([shopName])

    // A used link cannot be used again, and says why.
    await adminPage.goto(adminLink)
    await adminPage.getByRole('button', { name: /Accept invitation/ }).click()
    await adminPage.getByRole('alert').filter({ hasText: 'already been accepted' }).waitFor()
  })

  it('the owner sees both teammates and no pending invitations, and can remove the agent', async () => {
    await ownerPage.goto(`${baseUrl}/stores/${shopId}`)
    expect((await listedMembers(ownerPage)).toSorted()).toEqual(
      [`${owner.fullName}: owner`, `${agent.fullName}: agent`, `${admin.fullName}: admin`].toSorted(),
    )
    await ownerPage.getByText('No pending invitations').waitFor()

    await ownerPage.getByRole('button', { name: `Remove ${agent.fullName}` }).click()
    await ownerPage.getByRole('alertdialog').getByRole('button', { name: 'Remove member' }).click()
    await ownerPage.getByRole('alertdialog').waitFor({ state: 'detached' })
    expect((await listedMembers(ownerPage)).toSorted()).toEqual(
      [`${owner.fullName}: owner`, `${admin.fullName}: admin`].toSorted(),
    )

    // The removed agent has no store left.
    expect(await listedStores(agentPage, baseUrl)).toEqual([])
  })

  it('the owner can revoke an invitation, and its link stops working', async () => {
    const stranger = newPerson('Sam')
    await ownerPage.goto(`${baseUrl}/stores/${shopId}`)
    const link = await invite(ownerPage, stranger.email, 'Agent')
    await ownerPage.getByRole('button', { name: `Revoke invitation for ${stranger.email}` }).click()
    await ownerPage.getByText('No pending invitations').waitFor()

    const strangerPage = await newPage()
    await signUp(
      strangerPage,
      baseUrl,
      stranger,
      `/signup?next=${encodeURIComponent(new URL(link).pathname)}`,
    )
    await strangerPage.getByRole('button', { name: /Accept invitation/ }).click()
    await strangerPage.getByRole('alert').filter({ hasText: 'has been revoked' }).waitFor()
    expect(await listedStores(strangerPage, baseUrl)).toEqual([])
  })

  it('signing out ends the session; signing back in restores it', async () => {
    await agentPage.goto(`${baseUrl}/stores`)
    await agentPage.getByRole('button', { name: 'Sign out' }).click()
    await agentPage.waitForURL(`${baseUrl}/login`)
    await agentPage.goto(`${baseUrl}/stores`)
    await agentPage.waitForURL(
      (url) => url.pathname === '/login' && url.searchParams.get('next') === '/stores',
    )

    await signIn(agentPage, baseUrl, agent)
    expect(new URL(agentPage.url()).pathname).toBe('/stores')
    await agentPage.getByTestId('signed-in-as').getByText(agent.fullName).waitFor()
  })

  it('the demo owner signs in and sees the demo store, and none of the new ones', async () => {
    const demoPage = await newPage()
    await signIn(demoPage, baseUrl, demo.person)
    // A developer's long-lived stack may hold more demo-owned stores; this run's stores are never among them.
    const stores = await listedStores(demoPage, baseUrl)
    expect(stores).toContain(demo.storeName)
    expect(stores).not.toContain(shopName)
    expect(stores).not.toContain(otherShopName)
    await demoPage.goto(`${baseUrl}/stores/${demo.storeId}`)
    expect(await listedMembers(demoPage)).toContain(`${demo.person.fullName}: owner`)
  })
})
