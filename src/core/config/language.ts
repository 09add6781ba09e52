/**
 * The page's languages, and the pick from the browser's preferences. The words themselves live
 * in the page's i18n layer (src/i18n); core only knows which languages there are.
 */

export type Language = 'en' | 'zh-CN';

export const LANGUAGES: readonly Language[] = ['en', 'zh-CN'];

/** Reads a language tag as one of ours: any Chinese tag is zh-CN, any English one en; null otherwise. */
export function matchLanguage(tag: string): Language | null {
  const lower = tag.trim().toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-') || lower.startsWith('zh_')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-') || lower.startsWith('en_')) return 'en';
  return null;
}

/**
 * The first of the browser's preferred languages (navigator.languages, most preferred first) that
 * the page speaks; English when it speaks none of them.
 */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const language = matchLanguage(tag);
    if (language) return language;
  }
  return 'en';
}
