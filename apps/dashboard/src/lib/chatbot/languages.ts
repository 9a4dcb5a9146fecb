// No zod here: pickers on first-view screens import these, and the rule for a code lives in schemas.ts.

/** "German" (or "Deutsch" for an admin whose browser speaks German) for "de"; the code if unknown. */
export function languageName(code: string, displayLocale?: string): string {
  try {
    return (
      new Intl.DisplayNames(displayLocale ? [displayLocale] : undefined, { type: 'language' }).of(code) ??
      code
    )
  } catch {
    return code
  }
}

/** A chatbot's languages with its first (main) one first; English when it has none. */
export function chatbotLanguages(languages: readonly string[] | null | undefined): string[] {
  const codes = (languages ?? []).map((l) => l.toLowerCase().split(/[-_]/)[0] ?? '').filter(Boolean)
  return codes.length ? [...new Set(codes)] : ['en']
}
