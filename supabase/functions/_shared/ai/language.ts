// Which of the chatbot's languages a message is written in, by counting common function words. Short or
// ambiguous messages keep the conversation's current language.
import { baseLanguage, words } from './text.ts'

const stopwords: Record<string, Set<string>> = {
  en: new Set(
    'the a an and or is are was do does did i you my your it to of in on for with what how when where can could please thanks hello hi not'.split(
      ' ',
    ),
  ),
  de: new Set(
    'der die das und oder ist sind war ich du sie mein meine ihr es zu von im in auf für mit was wie wann wo kann können bitte danke hallo nicht ein eine einen'.split(
      ' ',
    ),
  ),
  fr: new Set(
    'le la les et ou est sont je vous mon ma votre il de du des en sur pour avec que comment quand où peut merci bonjour pas un une'.split(
      ' ',
    ),
  ),
  es: new Set(
    'el la los las y o es son yo usted mi su de del en por para con que cómo cuándo dónde puede gracias hola no un una'.split(
      ' ',
    ),
  ),
  it: new Set(
    'il lo la gli le e o è sono io lei mio mia di del in su per con che come quando dove può grazie ciao non un una'.split(
      ' ',
    ),
  ),
  nl: new Set(
    'de het een en of is zijn ik u mijn uw van in op voor met wat hoe wanneer waar kan bedankt hallo niet'.split(
      ' ',
    ),
  ),
  pt: new Set(
    'o a os as e ou é são eu você meu minha de do da em no na por para com que como quando onde pode obrigado olá não um uma'.split(
      ' ',
    ),
  ),
}

export function detectLanguage(text: string, candidates: string[], current: string): string {
  const tokens = words(text)
  let best = current
  let bestCount = 0
  let tie = false
  for (const candidate of candidates) {
    const list = stopwords[baseLanguage(candidate)]
    if (!list) continue
    const count = tokens.filter((t) => list.has(t)).length
    if (count > bestCount) {
      best = candidate
      bestCount = count
      tie = false
    } else if (count === bestCount && count > 0) tie = true
  }
  return bestCount >= 2 && !tie ? best : current
}
