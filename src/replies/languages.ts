/** The languages every phrase list covers. */
export const REPLY_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt'] as const;
export type ReplyLanguage = (typeof REPLY_LANGUAGES)[number];
