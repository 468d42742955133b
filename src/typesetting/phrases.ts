/**
 * Phrase boundaries for Japanese headings and titles, computed at build time with BudouX, so that
 * browsers without `word-break: auto-phrase` still break lines between phrases (at `<wbr>`), never
 * inside a word. No script reaches the reader.
 */
import { loadDefaultJapaneseParser } from 'budoux';
import { Memo } from '../memo.ts';

const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
let parser: ReturnType<typeof loadDefaultJapaneseParser> | undefined;

// A title is shown on its page, in lists, tag pages and related posts: parse each once.
const parsed = new Memo<readonly string[]>(50_000);

/** `text` split into phrases where a line may break; one piece when it has no Japanese. */
export function phrases(text: string): string[] {
  if (!JAPANESE.test(text)) return [text];
  return [
    ...parsed.get(text, () => {
      parser ??= loadDefaultJapaneseParser();
      return parser.parse(text);
    }),
  ];
}
