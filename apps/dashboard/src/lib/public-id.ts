/** A chatbot's public id (the embed code's data-chatbot): letters, digits, `_` and `-`, at most 64. */
export const isPublicId = (value: string): boolean => /^[\w-]{1,64}$/.test(value)
