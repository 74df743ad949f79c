/**
 * A reply as the words the phrase lists are written against: lower case, accents folded (é -> e, ß -> ss),
 * every run of anything but letters and digits collapsed to one space. So "Don't", "don’t" and "DONT"
 * become "don t" / "dont", and "e-mail" becomes "e mail".
 */
export function foldWords(text: string): string[] {
  const folded = text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return folded === '' ? [] : folded.split(' ');
}
