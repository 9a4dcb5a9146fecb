import { redirect } from 'next/navigation'

// The proxy sends signed-out visitors on to the login page.
export default function Home() {
  redirect('/stores')
}
