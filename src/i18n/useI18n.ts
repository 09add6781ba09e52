/** The active language's words, for any component: App provides them, panels read them with useI18n(). */
import { createContext, useContext } from 'react';
import { i18nFor, type I18n } from './i18n';

/** English until App provides the language the store holds. */
export const I18nContext = createContext<I18n>(i18nFor('en'));

/** The active language's catalogue (t), formatter (f) and the functions that word codes. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
