/**
 * The design tokens: every `--hc-*` custom property the widget reads, with its light
 * and dark default and the `theme` option key that sets it. The stylesheet and the
 * `theme` option are derived from this list, and a test checks docs/theming.md
 * (where each token is described) against it, so they cannot drift apart.
 */

/** One design token. */
export interface ThemeToken {
  /** Key in the `theme` option, e.g. `accent`. */
  readonly key: ThemeKey;
  /** The CSS custom property, e.g. `--hc-color-accent`. */
  readonly property: `--hc-${string}`;
  /** Light-scheme default (also used when the token has no dark value). */
  readonly light: string;
  /** Dark-scheme default, for colours and shadows. */
  readonly dark?: string;
}

/** Keys accepted by the `theme` option. */
export type ThemeKey =
  | 'accent'
  | 'onAccent'
  | 'surface'
  | 'surfaceAlt'
  | 'text'
  | 'textMuted'
  | 'border'
  | 'focus'
  | 'danger'
  | 'botBubble'
  | 'botText'
  | 'agentBubble'
  | 'agentText'
  | 'customerBubble'
  | 'customerText'
  | 'fontFamily'
  | 'fontSize'
  | 'lineHeight'
  | 'panelRadius'
  | 'bubbleRadius'
  | 'controlRadius'
  | 'spacing'
  | 'shadow'
  | 'launcherSize'
  | 'launcherOffset'
  | 'panelWidth'
  | 'panelHeight'
  | 'zIndex';

/**
 * Theme values by key, as passed to `init({ theme })`. Numbers are taken as pixels,
 * except for `lineHeight` and `zIndex`, which are unitless.
 *
 * @example
 * init({ human, theme: { accent: '#0a7d5a', fontFamily: 'Georgia, serif', panelRadius: 4 } })
 */
export type ThemeOptions = Partial<Record<ThemeKey, string | number>>;

/** Every token, in the order of the docs table. */
export const THEME_TOKENS: readonly ThemeToken[] = [
  { key: 'accent', property: '--hc-color-accent', light: '#1d4ed8', dark: '#8ab4f8' },
  { key: 'onAccent', property: '--hc-color-on-accent', light: '#ffffff', dark: '#0b1b36' },
  { key: 'surface', property: '--hc-color-surface', light: '#ffffff', dark: '#17191e' },
  { key: 'surfaceAlt', property: '--hc-color-surface-alt', light: '#f3f4f6', dark: '#22252c' },
  { key: 'text', property: '--hc-color-text', light: '#111827', dark: '#f1f3f5' },
  { key: 'textMuted', property: '--hc-color-text-muted', light: '#4b5563', dark: '#b4bac4' },
  { key: 'border', property: '--hc-color-border', light: '#767c86', dark: '#7b818c' },
  { key: 'focus', property: '--hc-color-focus', light: '#1d4ed8', dark: '#8ab4f8' },
  { key: 'danger', property: '--hc-color-danger', light: '#b42318', dark: '#ff9b8f' },
  { key: 'botBubble', property: '--hc-bubble-bot-bg', light: '#eef1f6', dark: '#2a2e37' },
  { key: 'botText', property: '--hc-bubble-bot-text', light: '#111827', dark: '#f1f3f5' },
  { key: 'agentBubble', property: '--hc-bubble-agent-bg', light: '#e7f5ec', dark: '#1f3a2b' },
  { key: 'agentText', property: '--hc-bubble-agent-text', light: '#0f2e1a', dark: '#e8f5ec' },
  { key: 'customerBubble', property: '--hc-bubble-customer-bg', light: 'var(--hc-color-accent)' },
  { key: 'customerText', property: '--hc-bubble-customer-text', light: 'var(--hc-color-on-accent)' },
  { key: 'fontFamily', property: '--hc-font-family', light: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif' },
  { key: 'fontSize', property: '--hc-font-size', light: '15px' },
  { key: 'lineHeight', property: '--hc-line-height', light: '1.45' },
  { key: 'panelRadius', property: '--hc-radius-panel', light: '16px' },
  { key: 'bubbleRadius', property: '--hc-radius-bubble', light: '14px' },
  { key: 'controlRadius', property: '--hc-radius-control', light: '8px' },
  { key: 'spacing', property: '--hc-space-unit', light: '8px' },
  { key: 'shadow', property: '--hc-shadow-panel', light: '0 12px 40px rgba(17, 24, 39, 0.22)', dark: '0 12px 40px rgba(0, 0, 0, 0.6)' },
  { key: 'launcherSize', property: '--hc-launcher-size', light: '56px' },
  { key: 'launcherOffset', property: '--hc-launcher-offset', light: '20px' },
  { key: 'panelWidth', property: '--hc-panel-width', light: '380px' },
  { key: 'panelHeight', property: '--hc-panel-height', light: '620px' },
  { key: 'zIndex', property: '--hc-z-index', light: '2147483000' },
];
