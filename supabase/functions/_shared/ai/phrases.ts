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
  /** Opens a reply about an order with the number read from the visitor's photo. */
  orderFromPhoto(number: string): string
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
  orderFromPhoto: (number) => `From your photo I read order number ${number}.`,
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
  orderFromPhoto: (number) => `Auf Ihrem Foto lese ich die Bestellnummer ${number}.`,
}

const fr: Phrases = {
  clarify: (options) =>
    `Je veux être sûr de répondre à la bonne question. Voulez-vous dire :\n${options.map((o) => `• ${o}`).join('\n')}`,
  clarifyVague: (option) =>
    `Je ne suis pas sûr de bien comprendre. Votre question est-elle « ${option} » ? Dites-m'en un peu plus.`,
  offerHuman:
    "Désolé, je n'ai pas de réponse à cela. Voulez-vous que je vous mette en relation avec une personne de notre équipe ?",
  handoff:
    'Bien sûr ! Je vous mets en relation avec une personne de notre équipe, qui vous répondra ici dès que possible.',
  handoffUnhappy:
    'Je suis désolé que ce soit si frustrant. Je vous mets en relation avec une personne de notre équipe, qui vous répondra ici dès que possible.',
  greeting: (botName) => `Bonjour ! Je suis ${botName}. Comment puis-je vous aider ?`,
  thanks: 'Avec plaisir ! Puis-je vous aider pour autre chose ?',
  fallback:
    "Désolé, je ne peux pas répondre pour le moment à cause d'un problème technique de notre côté. Votre message est enregistré : réessayez dans un instant, ou demandez une personne et notre équipe vous répondra ici.",
  orderFromPhoto: (number) => `Sur votre photo, je lis le numéro de commande ${number}.`,
}

const es: Phrases = {
  clarify: (options) =>
    `Quiero asegurarme de responder a la pregunta correcta. ¿Te refieres a:\n${options.map((o) => `• ${o}`).join('\n')}`,
  clarifyVague: (option) =>
    `No estoy seguro de entenderte. ¿Tu pregunta es «${option}»? Cuéntame un poco más.`,
  offerHuman:
    'Lo siento, no tengo una respuesta para eso. ¿Quieres que te ponga en contacto con una persona de nuestro equipo?',
  handoff: '¡Claro! Te paso con una persona de nuestro equipo, que te responderá aquí lo antes posible.',
  handoffUnhappy:
    'Siento mucho que esto esté siendo frustrante. Te paso con una persona de nuestro equipo, que te responderá aquí lo antes posible.',
  greeting: (botName) => `¡Hola! Soy ${botName}. ¿En qué puedo ayudarte?`,
  thanks: '¡De nada! ¿Puedo ayudarte en algo más?',
  fallback:
    'Lo siento, ahora no puedo responder por un problema técnico nuestro. Tu mensaje está guardado: inténtalo de nuevo en un momento o pide hablar con una persona y nuestro equipo te responderá aquí.',
  orderFromPhoto: (number) => `En su foto leo el número de pedido ${number}.`,
}

const nl: Phrases = {
  clarify: (options) =>
    `Ik wil zeker weten dat ik de juiste vraag beantwoord. Bedoel je:\n${options.map((o) => `• ${o}`).join('\n')}`,
  clarifyVague: (option) =>
    `Ik weet niet zeker wat je bedoelt. Is je vraag "${option}"? Vertel me iets meer.`,
  offerHuman:
    'Sorry, daar heb ik geen antwoord op. Wil je dat ik je in contact breng met iemand van ons team?',
  handoff: 'Natuurlijk! Ik breng je in contact met iemand van ons team, die hier zo snel mogelijk antwoordt.',
  handoffUnhappy:
    'Het spijt me dat dit zo vervelend is. Ik breng je in contact met iemand van ons team, die hier zo snel mogelijk antwoordt.',
  greeting: (botName) => `Hallo! Ik ben ${botName}. Waarmee kan ik je helpen?`,
  thanks: 'Graag gedaan! Kan ik je nog ergens mee helpen?',
  fallback:
    'Sorry, door een technisch probleem bij ons kan ik nu niet antwoorden. Je bericht is bewaard: probeer het zo opnieuw, of vraag om iemand van het team, die hier antwoordt.',
  orderFromPhoto: (number) => `Op uw foto lees ik bestelnummer ${number}.`,
}

const pt: Phrases = {
  clarify: (options) =>
    `Quero ter a certeza de que respondo à pergunta certa. Quer dizer:\n${options.map((o) => `• ${o}`).join('\n')}`,
  clarifyVague: (option) =>
    `Não tenho a certeza do que quer dizer. A sua pergunta é "${option}"? Diga-me um pouco mais.`,
  offerHuman:
    'Lamento, não tenho resposta para isso. Quer que o ponha em contacto com uma pessoa da nossa equipa?',
  handoff: 'Claro! Vou passá-lo a uma pessoa da nossa equipa, que responderá aqui assim que puder.',
  handoffUnhappy:
    'Lamento que esteja a ser tão frustrante. Vou passá-lo a uma pessoa da nossa equipa, que responderá aqui assim que puder.',
  greeting: (botName) => `Olá! Sou o ${botName}. Como posso ajudar?`,
  thanks: 'De nada! Posso ajudar em mais alguma coisa?',
  fallback:
    'Lamento, não consigo responder agora devido a um problema técnico do nosso lado. A sua mensagem foi guardada: tente novamente daqui a pouco, ou peça para falar com uma pessoa e a nossa equipa responderá aqui.',
  orderFromPhoto: (number) => `Na sua fotografia leio o número de encomenda ${number}.`,
}

const ar: Phrases = {
  clarify: (options) =>
    `أريد التأكد من الإجابة عن السؤال الصحيح. هل تقصد:\n${options.map((o) => `• ${o}`).join('\n')}`,
  clarifyVague: (option) => `لست متأكدًا مما تقصده. هل سؤالك "${option}"؟ أخبرني بالمزيد من فضلك.`,
  offerHuman: 'عذرًا، ليست لدي إجابة عن ذلك. هل تريد أن أوصلك بشخص من فريقنا؟',
  handoff: 'بالتأكيد! سأحوّلك إلى شخص من فريقنا، وسيرد عليك هنا في أقرب وقت.',
  handoffUnhappy: 'نأسف لأن الأمر مزعج. سأحوّلك إلى شخص من فريقنا، وسيرد عليك هنا في أقرب وقت ممكن.',
  greeting: (botName) => `مرحبًا! أنا ${botName}. كيف يمكنني مساعدتك؟`,
  thanks: 'على الرحب والسعة! هل هناك شيء آخر يمكنني مساعدتك فيه؟',
  fallback:
    'عذرًا، لا يمكنني الرد الآن بسبب مشكلة تقنية لدينا. رسالتك محفوظة: حاول مرة أخرى بعد قليل، أو اطلب التحدث إلى شخص وسيرد فريقنا هنا.',
  orderFromPhoto: (number) => `قرأت في صورتك رقم الطلب ${number}.`,
}

const byLanguage: Record<string, Phrases> = { en, de, fr, es, nl, pt, ar }

export function phrases(language: string): Phrases {
  return byLanguage[baseLanguage(language)] ?? en
}
