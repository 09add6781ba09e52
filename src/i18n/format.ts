/**
 * Every number, percentage, duration, size and date the page shows is formatted here, through
 * Intl, for the active language. Formatters are made once per language and cached, since the
 * training figures format a dozen numbers ten times a second.
 */
import type { Language } from '../core/config/language';

export interface Format {
  /** The BCP 47 locale Intl formats for. */
  readonly locale: string;
  /** A whole number with the locale's grouping: 184,586. */
  int(n: number): string;
  /** A number with as many decimals as it has (up to 10): 0.000001, 2,147,483,647. */
  number(n: number): string;
  /** Exactly `digits` decimals: 0.123. */
  fixed(n: number, digits: number): string;
  /** A fraction as a percentage with `digits` decimals: 0.9949 -> 99.5%. */
  percent(fraction: number, digits?: number): string;
  /** Bytes, in bytes, kB, MB or GB (powers of 1024). */
  bytes(n: number): string;
  /** A duration in seconds, to the second or minute: "2 min 5 sec", "2分钟5秒"; "–" when unknown. */
  duration(seconds: number): string;
  /** Short and exact enough for a column: 1,280, 461K, 3.28M (46.1万 in Chinese). */
  compact(n: number): string;
  /** A date and time, in the locale's medium style. */
  dateTime(date: Date | string): string;
}

/** The locale Intl gets for each of the page's languages. */
const LOCALES: Record<Language, string> = { en: 'en-US', 'zh-CN': 'zh-CN' };

/** What stands for a figure that is not known yet. */
export const NO_VALUE = '–';

function createFormat(language: Language): Format {
  const locale = LOCALES[language];
  const cache = new Map<string, Intl.NumberFormat>();
  const numberFormat = (key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat => {
    let format = cache.get(key);
    if (!format) {
      format = new Intl.NumberFormat(locale, options);
      cache.set(key, format);
    }
    return format;
  };
  const unit = (name: string, n: number, digits = 0, display: 'short' | 'long' = 'short') =>
    numberFormat(`${name}:${digits}:${display}`, { style: 'unit', unit: name, unitDisplay: display, maximumFractionDigits: digits }).format(n);
  // Chinese writes "2分钟5秒" with no space between the units.
  const unitGap = language === 'zh-CN' ? '' : ' ';
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

  return {
    locale,
    int: (n) => numberFormat('int', { maximumFractionDigits: 0 }).format(Math.round(n)),
    number: (n) => numberFormat('number', { maximumFractionDigits: 10 }).format(n),
    fixed: (n, digits) => numberFormat(`fixed:${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n),
    percent: (fraction, digits = 1) =>
      numberFormat(`percent:${digits}`, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(fraction),
    bytes: (n) => {
      if (n < 1024) return unit('byte', n, 0, 'long');
      if (n < 1024 * 1024) return unit('kilobyte', n / 1024);
      // A browser's storage quota runs to gigabytes.
      if (n < 1024 ** 3) return unit('megabyte', n / (1024 * 1024), 1);
      return unit('gigabyte', n / 1024 ** 3, 1);
    },
    duration: (seconds) => {
      if (!Number.isFinite(seconds) || seconds < 0) return NO_VALUE;
      // Rounded once, before splitting into units: 839.6 s is "14 min 0 sec", never "13 min 60 sec".
      const whole = Math.round(seconds);
      if (whole < 60) return unit('second', whole);
      const minutes = Math.floor(whole / 60);
      if (minutes < 60) return unit('minute', minutes) + unitGap + unit('second', whole % 60);
      const wholeMinutes = Math.round(seconds / 60);
      return unit('hour', Math.floor(wholeMinutes / 60)) + unitGap + unit('minute', wholeMinutes % 60);
    },
    compact: (n) =>
      n < 10_000
        ? numberFormat('int', { maximumFractionDigits: 0 }).format(Math.round(n))
        : numberFormat('compact', { notation: 'compact', maximumSignificantDigits: 3 }).format(n),
    dateTime: (date) => dateTime.format(typeof date === 'string' ? new Date(date) : date),
  };
}

const formats = new Map<Language, Format>();

/** The formatter for a language (made once). */
export function formatFor(language: Language): Format {
  let format = formats.get(language);
  if (!format) {
    format = createFormat(language);
    formats.set(language, format);
  }
  return format;
}
