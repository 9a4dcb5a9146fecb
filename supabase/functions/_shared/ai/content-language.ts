// The visitor's language decides which content answers: hits written in it when there are any; otherwise
// the others, introduced by a sentence (in the visitor's language) that says the answer is in another one.
import { baseLanguage } from './text.ts'
import type { Hit } from './types.ts'

export interface LanguageHits {
  hits: Hit[]
  /** The hits are all in another language: the language they are in, to say so; null otherwise. */
  otherLanguage: string | null
}

/** Hits in `language` when there are any (the rest would only compete with them), else all of them. */
export function contentInLanguage(hits: Hit[], language: string): LanguageHits {
  const wanted = baseLanguage(language)
  const same = hits.filter((h) => !h.language || baseLanguage(h.language) === wanted)
  if (same.length > 0 || hits.length === 0) return { hits: same, otherLanguage: null }
  return { hits, otherLanguage: baseLanguage(hits[0]?.language ?? undefined) }
}

const notices: Record<string, (other: string) => string> = {
  en: (other) => `I don't have this in English yet, so here is the answer in ${other}:`,
  de: (other) => `Dazu habe ich leider noch nichts auf Deutsch, hier ist die Antwort auf ${other}:`,
  fr: (other) => `Je n'ai pas encore cette information en français, voici la réponse en ${other} :`,
  es: (other) => `Todavía no tengo esta información en español; aquí está la respuesta en ${other}:`,
  nl: (other) => `Ik heb dit nog niet in het Nederlands, dus hier is het antwoord in het ${other}:`,
  pt: (other) => `Ainda não tenho esta informação em português, por isso aqui está a resposta em ${other}:`,
  ar: (other) => `لا تتوفر لدي هذه المعلومات باللغة العربية بعد، لذا إليك الإجابة باللغة ${other}:`,
}

/** The language's name as the visitor calls it ("Deutsch" for a German visitor, "German" for an English one). */
function languageName(code: string, inLanguage: string): string {
  try {
    const name = new Intl.DisplayNames([inLanguage], { type: 'language' }).of(code) ?? code
    // French, Spanish and Portuguese write language names in lower case mid-sentence.
    return ['fr', 'es', 'pt'].includes(inLanguage) ? name.toLowerCase() : name
  } catch {
    return code
  }
}

/** "Here is the answer in German:" in the visitor's language (English where we have no sentence for it). */
export function otherLanguageNotice(visitorLanguage: string, otherLanguage: string): string {
  const visitor = baseLanguage(visitorLanguage)
  const say = notices[visitor]
  if (!say)
    return `I don't have this in your language yet, so here is the answer in ${languageName(otherLanguage, 'en')}:`
  return say(languageName(otherLanguage, visitor))
}
