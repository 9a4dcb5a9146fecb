// What the bot says on its own (no provider): per language, English as the fallback.
import { baseLanguage } from './text.ts'

export interface Phrases {
  clarify(options: string[]): string
  clarifyVague(option: string): string
  offerHuman: string
  handoff: string
  handoffUnhappy: string
  greeting(botName: string): string
  thanks: string
  fallback: string
}

const en: Phrases = {
  clarify: (options) =>
    `I want to be sure I answer the right question. Do you mean:\n${options.map((o) => `• ${o}`).join('\n')}`,
  clarifyVague: (option) =>
    `I'm not quite sure what you mean. Is your question "${option}"? Please tell me a bit more.`,
  offerHuman:
    "I'm sorry, I don't have an answer to that. Would you like me to connect you with a person from our team?",
  handoff:
    "Of course! I'm handing you over to a person from our team. They will reply here as soon as they can.",
  handoffUnhappy:
    "I'm sorry this has been frustrating. I'm handing you over to a person from our team, who will reply here as soon as they can.",
  greeting: (botName) => `Hi! I'm ${botName}. How can I help you today?`,
  thanks: "You're welcome! Is there anything else I can help you with?",
  fallback:
    "Sorry, I can't answer right now because of a technical problem on our side. Your message has been saved: please try again in a moment, or ask for a person and our team will reply here.",
}

const de: Phrases = {
  clarify: (options) =>
    `Ich möchte sicher die richtige Frage beantworten. Meinen Sie:\n${options.map((o) => `• ${o}`).join('\n')}`,
  clarifyVague: (option) =>
    `Ich bin nicht ganz sicher, was Sie meinen. Ist Ihre Frage „${option}“? Erzählen Sie mir gern mehr.`,
  offerHuman:
    'Das kann ich leider nicht beantworten. Möchten Sie, dass ich Sie mit einer Person aus unserem Team verbinde?',
  handoff:
    'Gern! Ich verbinde Sie mit einer Person aus unserem Team. Sie antwortet hier, so schnell es geht.',
  handoffUnhappy:
    'Es tut mir leid, dass das so ärgerlich ist. Ich verbinde Sie mit einer Person aus unserem Team, die hier so schnell wie möglich antwortet.',
  greeting: (botName) => `Hallo! Ich bin ${botName}. Wie kann ich helfen?`,
  thanks: 'Gern geschehen! Kann ich sonst noch etwas für Sie tun?',
  fallback:
    'Entschuldigung, ich kann gerade wegen eines technischen Problems nicht antworten. Ihre Nachricht ist gespeichert: versuchen Sie es gleich noch einmal, oder fragen Sie nach einer Person, dann antwortet unser Team hier.',
}

const byLanguage: Record<string, Phrases> = { en, de }

export function phrases(language: string): Phrases {
  return byLanguage[baseLanguage(language)] ?? en
}
