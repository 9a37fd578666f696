/** Bidi embeddings, overrides and isolates: U+202A–U+202E and U+2066–U+2069. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * A name, title or file name from a backend, made safe to show inside the widget's own
 * sentences: without the invisible controls that reorder the text around it (an agent
 * named "\u202Exela" turns "… joined the chat." into ".tahc eht denioj …"). Right-to-left
 * names need none of them; the Unicode bidi algorithm orders them on its own.
 *
 * @example
 * stripBidiControls('\u202Egnp.exe') // 'gnp.exe'
 */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
