/**
 * Phrase boundaries for Japanese headings and titles, computed at build time with BudouX, so that
 * browsers without `word-break: auto-phrase` still break lines between phrases (at `<wbr>`), never
 * inside a word. No script reaches the reader.
 */
import { loadDefaultJapaneseParser } from 'budoux';

const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
let parser: ReturnType<typeof loadDefaultJapaneseParser> | undefined;

// A title is shown on its page, in lists, tag pages and related posts: parse each once.
const parsed = new Map<string, readonly string[]>();

/** `text` split into phrases where a line may break; one piece when it has no Japanese. */
export function phrases(text: string): string[] {
  if (!JAPANESE.test(text)) return [text];
  let result = parsed.get(text);
  if (!result) {
    parser ??= loadDefaultJapaneseParser();
    if (parsed.size >= 50_000) parsed.clear();
    result = parser.parse(text);
    parsed.set(text, result);
  }
  return [...result];
}
