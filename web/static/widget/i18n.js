// widget/i18n.js — every visible string comes from i18n/<locale>.json.
export const LOCALES = ['en', 'es'];

const loaded = new Map();   // lang → promise of t: fetched once (the launcher and the widget share it)

export function loadStrings(locale) {
  const lang = LOCALES.includes(locale) ? locale : 'en';
  if (!loaded.has(lang)) {
    const p = fetch(new URL(`i18n/${lang}.json`, import.meta.url)).then((res) => res.json()).then((strings) => {
      const t = (key, vars = {}) => String(strings[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? '');
      t.lang = lang;
      return t;
    });
    p.catch(() => loaded.delete(lang));   // a failed fetch is tried again next time
    loaded.set(lang, p);
  }
  return loaded.get(lang);
}

//! Fills data-i18n (textContent), data-i18n-label (aria-label) and data-i18n-placeholder.
export function applyStrings(root, t) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-label]').forEach((el) => el.setAttribute('aria-label', t(el.dataset.i18nLabel)));
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder)));
  document.documentElement.lang = t.lang;
}
