/** The story language menu: shown when the story comes in two or more languages. */
import { css, html, nothing, type TemplateResult } from 'lit';

export interface LanguageMenuProps {
  /** The story's languages (BCP 47). */
  languages: readonly string[];
  current: string | undefined;
  /** The captions menu is showing in the same corner: sit below it. */
  below: boolean;
  onChoose: (lang: string) => void;
}

/** A language's own name for itself (`fr` → `français`), so a viewer who cannot read the current language still finds theirs. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

export function languageMenu(p: LanguageMenuProps): TemplateResult | typeof nothing {
  if (p.languages.length < 2) return nothing;
  // A real <select>, like the captions menu: keyboard and screen readers know it.
  return html`<label class="language-menu ${p.below ? 'below' : ''}">
    <span aria-hidden="true">Aa</span>
    <select aria-label="Story language" @change=${(e: Event) => p.onChoose((e.target as HTMLSelectElement).value)}>
      ${p.languages.map((l) => html`<option value=${l} lang=${l} ?selected=${l === p.current} .selected=${l === p.current}>${languageName(l)}</option>`)}
    </select>
  </label>`;
}

export const languageMenuStyles = css`
  .language-menu { position: absolute; top: 8px; right: 8px; z-index: 5; display: flex; align-items: center; gap: 4px; background: #000a; border-radius: 10px; padding: 2px 6px; font-size: 12px; }
  .language-menu.below { top: 40px; }
  .language-menu select { font: inherit; color: inherit; background: #1d2230; border: 1px solid #39415a; border-radius: 6px; padding: 1px 4px; }
  @media (max-width: 600px) {
    .layer > .language-menu select { min-height: 44px; }
    .layer > .language-menu.below { top: 60px; }
  }
`;
