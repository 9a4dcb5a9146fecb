// Lexicon-based sentiment in the spirit of VADER: word valences (-3..3), negation flips and damps,
// intensifiers scale, "but" shifts weight to the second half; the sum is squashed into -1..1.
import { baseLanguage, words } from './text.ts'

type Lexicon = Record<string, number>

const en: Lexicon = {
  good: 2,
  great: 3,
  excellent: 3,
  awesome: 3,
  amazing: 3,
  perfect: 3,
  love: 3,
  loved: 3,
  like: 1.5,
  nice: 2,
  happy: 2.5,
  glad: 2,
  thanks: 2,
  thank: 2,
  helpful: 2,
  fast: 1,
  quick: 1,
  easy: 1.5,
  fine: 1,
  cool: 1.5,
  wonderful: 3,
  fantastic: 3,
  brilliant: 3,
  pleased: 2,
  satisfied: 2,
  recommend: 1.5,
  works: 1,
  best: 2.5,
  bad: -2.5,
  terrible: -3,
  awful: -3,
  horrible: -3,
  worst: -3,
  hate: -3,
  angry: -3,
  annoyed: -2,
  annoying: -2,
  disappointed: -2.5,
  disappointing: -2.5,
  useless: -3,
  broken: -2,
  damaged: -2,
  late: -1.5,
  delayed: -1.5,
  missing: -1.5,
  lost: -1.5,
  wrong: -1.5,
  problem: -1.5,
  issue: -1,
  complaint: -2,
  slow: -1.5,
  never: -1,
  unacceptable: -3,
  ridiculous: -2.5,
  scam: -3,
  fraud: -3,
  rude: -2.5,
  stupid: -2.5,
  sad: -2,
  upset: -2.5,
  frustrated: -2.5,
  frustrating: -2.5,
  furious: -3,
  poor: -2,
  refund: -0.5,
  cancel: -1,
  sucks: -3,
  crap: -3,
  waiting: -1,
  still: -0.5,
  nobody: -1.5,
  ignored: -2,
  unhappy: -2.5,
  mess: -2,
  fail: -2,
  failed: -2,
  defective: -2.5,
}

const de: Lexicon = {
  gut: 2,
  super: 3,
  toll: 3,
  prima: 2.5,
  klasse: 2.5,
  perfekt: 3,
  danke: 2,
  dank: 2,
  liebe: 3,
  hilfreich: 2,
  schnell: 1,
  zufrieden: 2,
  freue: 2,
  freut: 2,
  genial: 3,
  spitze: 3,
  wunderbar: 3,
  empfehlen: 1.5,
  schön: 2,
  schlecht: -2.5,
  schrecklich: -3,
  furchtbar: -3,
  mies: -2.5,
  ärgerlich: -2,
  verärgert: -3,
  enttäuscht: -2.5,
  enttäuschend: -2.5,
  kaputt: -2,
  beschädigt: -2,
  defekt: -2.5,
  falsch: -1.5,
  problem: -1.5,
  beschwerde: -2,
  langsam: -1.5,
  verspätet: -1.5,
  verspätung: -1.5,
  fehlt: -1.5,
  verloren: -1.5,
  unverschämt: -3,
  frechheit: -3,
  unmöglich: -2.5,
  wütend: -3,
  sauer: -2.5,
  nie: -1,
  niemand: -1.5,
  warte: -1,
  ärger: -2,
  betrug: -3,
  mist: -2.5,
}

const lexicons: Record<string, Lexicon> = { en, de }

const negations = new Set([
  'not',
  'no',
  "don't",
  'dont',
  "doesn't",
  "didn't",
  "isn't",
  "wasn't",
  "aren't",
  "won't",
  "can't",
  'cannot',
  'never',
  'nicht',
  'kein',
  'keine',
  'keinen',
  'nie',
  'niemals',
])
const boosters: Record<string, number> = {
  very: 0.3,
  really: 0.3,
  so: 0.2,
  extremely: 0.5,
  totally: 0.3,
  absolutely: 0.4,
  completely: 0.4,
  sehr: 0.3,
  echt: 0.3,
  total: 0.3,
  extrem: 0.5,
  wirklich: 0.3,
  absolut: 0.4,
  völlig: 0.4,
  slightly: -0.3,
  bit: -0.3,
  etwas: -0.3,
}
const contrasts = new Set(['but', 'however', 'aber', 'jedoch'])

/** Sentiment of a visitor's message, -1..1, in the chatbot's language (English words always count). */
export function sentiment(text: string, language = 'en'): number {
  const lang = baseLanguage(language)
  const lexicon = { ...en, ...(lexicons[lang] ?? {}) }
  const tokens = words(text)
  let before = 0
  let after = 0
  let seenContrast = false
  tokens.forEach((token, i) => {
    if (contrasts.has(token)) {
      seenContrast = true
      return
    }
    let valence = lexicon[token]
    if (valence === undefined) return
    const window = tokens.slice(Math.max(0, i - 3), i)
    for (const w of window) valence *= 1 + (boosters[w] ?? 0)
    if (window.some((w) => negations.has(w))) valence *= -0.6
    if (seenContrast) after += valence
    else before += valence
  })
  let sum = seenContrast ? before * 0.5 + after * 1.5 : before
  const exclamations = Math.min((text.match(/!/g) ?? []).length, 3)
  sum += Math.sign(sum) * exclamations * 0.3
  const letters = text.replace(/[^\p{L}]/gu, '')
  if (letters.length >= 6 && letters === letters.toUpperCase() && /\p{Lu}/u.test(letters)) sum *= 1.4
  const score = sum / Math.sqrt(sum * sum + 15)
  return Math.round(Math.max(-1, Math.min(1, score)) * 1000) / 1000
}
