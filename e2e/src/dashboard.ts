import type { Page } from 'playwright-core'
import type { Person } from './people.ts'

/**
 * What a person does in the dashboard, written the way they see it: labels, button names, headings.
 * Each step waits for the page to show its outcome, so tests read as plain sequences.
 */

export async function signUp(page: Page, baseUrl: string, person: Person, path = '/signup') {
  await page.goto(`${baseUrl}${path}`)
  await fillSignUp(page, person)
}

export async function fillSignUp(page: Page, person: Person) {
  await page.getByLabel('Full name').fill(person.fullName)
  await page.getByLabel('Email').fill(person.email)
  await page.getByLabel('Password').fill(person.password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/signup'))
}

export async function signIn(page: Page, baseUrl: string, person: Person) {
  await page.goto(`${baseUrl}/login`)
  await page.getByLabel('Email').fill(person.email)
  await page.getByLabel('Password').fill(person.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

/** Creates a store from the stores page and returns its id (from the page it lands on). */
export async function createStore(page: Page, baseUrl: string, name: string): Promise<string> {
  await page.goto(`${baseUrl}/stores`)
  await page.getByLabel('Store name').fill(name)
  await page.getByRole('button', { name: 'Create store' }).click()
  await page.waitForURL(/\/stores\/[0-9a-f-]{36}$/)
  await page.getByRole('heading', { level: 1, name }).waitFor()
  return new URL(page.url()).pathname.split('/').at(-1) as string
}

/** On a store page: invites `email` with `role` and returns the accept link shown for it. */
export async function invite(page: Page, email: string, role: 'Agent' | 'Admin'): Promise<string> {
  const form = page.getByRole('form', { name: 'Invite a member' })
  await form.getByLabel('Email address').fill(email)
  await form.getByRole('radio', { name: new RegExp(`^${role}`) }).check()
  await form.getByRole('button', { name: 'Send invitation' }).click()
  await form.getByText(`Invitation created for ${email}`).waitFor()
  const card = page.getByTestId('pending-invitation').filter({ hasText: email })
  return card.getByLabel(`Accept link for ${email}`).inputValue()
}

/** The names of the stores listed on the stores page, in order. */
export async function listedStores(page: Page, baseUrl: string): Promise<string[]> {
  await page.goto(`${baseUrl}/stores`)
  // The create form exists only once the page has loaded (the loading skeleton has the heading too).
  await page.getByRole('form', { name: 'Create a store' }).waitFor()
  return page.getByTestId('store-name').allTextContents()
}

/** Members of the store page that is open, as "Name: Role". */
export async function listedMembers(page: Page): Promise<string[]> {
  const items = page.getByTestId('member-item')
  await items.first().waitFor()
  const rows: string[] = []
  for (const item of await items.all()) {
    const name = await item.getByTestId('member-name').textContent()
    const role = await item.locator('[data-role]').getAttribute('data-role')
    rows.push(`${name}: ${role}`)
  }
  return rows
}
