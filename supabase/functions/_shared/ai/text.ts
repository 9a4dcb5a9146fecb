/** Lower-cased words of a text (letters and digits, any script). */
export function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}']+/gu) ?? []
  )
}

/** A crude stem for overlap checks across word forms: the first five letters. */
export function stem(word: string): string {
  return word.replace(/'s$/, '').slice(0, 5)
}

/** The base language of a tag: 'de-AT' -> 'de'. */
export function baseLanguage(tag: string | undefined): string {
  return (tag ?? 'en').toLowerCase().split(/[-_]/)[0] || 'en'
}

/** Cuts text at a sentence end near `max` characters. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '))
  return end > max / 2 ? cut.slice(0, end + 1) : `${cut.trimEnd()}…`
}
