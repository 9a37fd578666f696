/**
 * Below this size the floating panel covers the whole screen and becomes a modal
 * dialog (the page behind cannot be reached). One constant for the stylesheet and
 * for the script that keeps Tab inside the panel, so the two cannot disagree.
 */
export const FULL_SCREEN_QUERY = '(max-width:479.98px),(max-height:479.98px)';

/**
 * The rules the widget's stylesheet and the placeholder launcher's
 * (src/embed/lite-launcher.ts) both start with: the host's armour, the reset under
 * `.root`, the focus ring, screen-reader-only text and the icon box. One copy, so the
 * two cannot drift apart and the script-tag bundle carries the rules once.
 *
 * Isolation: page selectors cannot reach into the shadow root, but the host element
 * itself can be styled by the page, and inherited properties flow in through it.
 * So the host pins the properties that could hide it (`!important` inside a shadow
 * root beats the page's `!important`), and `.root` resets everything inherited
 * with `all: initial` before setting its own font and colour. Element resets sit in
 * `:where()` so they never outrank a component's class.
 *
 * @example
 * sheet.replaceSync(tokenCss() + BASE_CSS + LAUNCHER_CSS)
 */
export const BASE_CSS = `:host{display:block!important;visibility:visible!important;opacity:1!important;transform:none!important;filter:none!important;clip-path:none!important;contain:none!important;pointer-events:auto!important;mask:none!important}
.root{all:initial;display:block;font-family:var(--hc-font-family);font-size:var(--hc-font-size);line-height:var(--hc-line-height);color:var(--hc-color-text);text-align:start;-webkit-text-size-adjust:100%;text-size-adjust:100%;-webkit-font-smoothing:antialiased}
.root *,.root *::before,.root *::after{box-sizing:border-box}
.root [hidden]{display:none!important}
:where(.root) :where(h2,h3,p,ul,ol,pre,fieldset,legend){margin:0}
:where(.root) :where(button,input,textarea){font:inherit;color:inherit;letter-spacing:inherit}
:where(.root) button{cursor:pointer}
.root :focus-visible{outline:3px solid var(--hc-color-focus);outline-offset:2px}
.sr-only{position:absolute!important;width:1px!important;height:1px!important;padding:0!important;margin:-1px!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;white-space:nowrap!important;border:0!important}
.icon{width:1em;height:1em;flex:none}`;

/**
 * The round launcher button in its corner (`.pos-left` moves it). The placeholder
 * launcher uses these same rules, so the real one takes over in the same box and colours.
 *
 * @example
 * sheet.replaceSync(tokenCss() + BASE_CSS + LAUNCHER_CSS)
 */
export const LAUNCHER_CSS = `.launcher{position:fixed;z-index:var(--hc-z-index);bottom:calc(var(--hc-launcher-offset) + env(safe-area-inset-bottom,0px));right:calc(var(--hc-launcher-offset) + env(safe-area-inset-right,0px));width:var(--hc-launcher-size);height:var(--hc-launcher-size);padding:0;border:0;border-radius:50%;background:var(--hc-color-accent);color:var(--hc-color-on-accent);box-shadow:var(--hc-shadow-panel);display:inline-flex;align-items:center;justify-content:center;font-size:calc(var(--hc-launcher-size) * .44)}
.pos-left .launcher{right:auto;left:calc(var(--hc-launcher-offset) + env(safe-area-inset-left,0px))}
.launcher:focus-visible{outline-offset:3px}`;

/**
 * A row of buttons or links that wraps on a narrow panel: the widget's cards and the
 * placeholder's fallback panel.
 *
 * @example
 * sheet.replaceSync(BASE_CSS + ACTIONS_CSS)
 */
export const ACTIONS_CSS = `.actions{display:flex;flex-wrap:wrap;gap:8px}`;

/**
 * The widget's stylesheet, applied inside its shadow root only. Every colour, size
 * and font comes from a `--hc-*` token (see src/theme/tokens.ts), so designers
 * restyle the widget without touching this file.
 *
 * It starts with `BASE_CSS` (how the widget keeps the page's CSS out is told there).
 *
 * Long histories: the log is plain block flow (flex re-lays out every message on any
 * change), and each block of older messages brought in, once drawn, skips layout and
 * paint while off screen (`content-visibility`, at its remembered height; `flex:none`,
 * or the body would squash a skipped block to nothing), so a streamed word or another
 * block cost the same under 50 messages or 2,000. The block brought in last (the top
 * one, where the customer reads on) is always drawn, and so is one holding a failed
 * message: skipping clips overflow, and its dashed outline and Retry focus ring must show.
 */
export function widgetCss(): string {
  return `
${BASE_CSS}
[dir=rtl] .icon-send{transform:scaleX(-1)}

${LAUNCHER_CSS}
.badge{position:absolute;top:-4px;inset-inline-end:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;border:2px solid var(--hc-color-surface);background:var(--hc-color-danger);color:var(--hc-color-surface);font-size:12px;font-weight:700;line-height:18px;text-align:center}

.panel{display:flex;flex-direction:column;overflow:hidden;background:var(--hc-color-surface);color:var(--hc-color-text);border:1px solid transparent}
.panel-inline{position:relative;width:100%;height:var(--hc-panel-height);border-color:var(--hc-color-border);border-radius:var(--hc-radius-panel)}
.panel-floating{position:fixed;z-index:var(--hc-z-index);right:calc(var(--hc-launcher-offset) + env(safe-area-inset-right,0px));bottom:calc(var(--hc-launcher-offset) + var(--hc-launcher-size) + 12px + env(safe-area-inset-bottom,0px));width:min(var(--hc-panel-width),calc(100vw - 2 * var(--hc-launcher-offset)));height:min(var(--hc-panel-height),calc(100vh - 2 * var(--hc-launcher-offset) - var(--hc-launcher-size) - 12px));border-radius:var(--hc-radius-panel);box-shadow:var(--hc-shadow-panel);animation:hc-rise .16s ease-out}
@supports (height:100dvh){.panel-floating{height:min(var(--hc-panel-height),calc(100dvh - 2 * var(--hc-launcher-offset) - var(--hc-launcher-size) - 12px))}}
.pos-left .panel-floating{right:auto;left:calc(var(--hc-launcher-offset) + env(safe-area-inset-left,0px))}
@media ${FULL_SCREEN_QUERY}{
.panel-floating{top:var(--hc-vv-top,0px);left:0;right:0;bottom:auto;width:auto;height:var(--hc-vv-height,100vh);border-radius:0;border:0;padding:env(safe-area-inset-top,0px) env(safe-area-inset-right,0px) env(safe-area-inset-bottom,0px) env(safe-area-inset-left,0px)}
.pos-left .panel-floating{left:0}
.is-open .launcher{display:none}
}
@supports (height:100dvh){@media ${FULL_SCREEN_QUERY}{.panel-floating{height:var(--hc-vv-height,100dvh)}}}
@keyframes hc-rise{from{opacity:0;transform:translateY(8px)}}

.header{flex:none;padding:calc(var(--hc-space-unit) * 1.5) calc(var(--hc-space-unit) * 2);background:var(--hc-color-surface-alt);border-bottom:1px solid var(--hc-color-border)}
.header-top{display:flex;align-items:flex-start;gap:var(--hc-space-unit)}
.identity{flex:1;min-width:0}
.title{font-size:1.15em;font-weight:700;line-height:1.3}
.answerer{display:flex;align-items:center;gap:6px;margin-top:2px;color:var(--hc-color-text-muted);font-size:.9em}
.answerer-text{min-width:0;overflow-wrap:anywhere}
.agent-name{color:var(--hc-color-text);font-weight:600}
.avatar{width:28px;height:28px;border-radius:50%;object-fit:cover;flex:none}
.avatar-initial{display:inline-flex;align-items:center;justify-content:center;background:var(--hc-bubble-agent-bg);color:var(--hc-bubble-agent-text);font-weight:700;font-size:.9em}
.icon-button{flex:none;width:44px;height:44px;margin:-6px;display:inline-flex;align-items:center;justify-content:center;border:0;border-radius:var(--hc-radius-control);background:transparent;color:var(--hc-color-text);font-size:1.35em}
.icon-button:hover{background:rgba(127,127,127,.16)}
.human-row{display:flex;flex-wrap:wrap;align-items:center;gap:6px 12px;margin-top:var(--hc-space-unit)}
.human-button{display:inline-flex!important;visibility:visible!important;opacity:1!important;pointer-events:auto!important;position:relative!important;align-items:center;gap:8px;max-width:100%;min-height:44px;padding:8px 14px;border:2px solid var(--hc-color-accent);border-radius:var(--hc-radius-control);background:var(--hc-color-accent);color:var(--hc-color-on-accent);font-weight:600;text-align:start;line-height:1.3}
.human-waiting,.human-end{background:var(--hc-color-surface);color:var(--hc-color-text)}
.human-text{min-width:0}
.human-detail{display:block;font-weight:400;font-size:.85em}
.availability{font-size:.875em;color:var(--hc-color-text-muted)}
.role-badge{display:inline-block;padding:0 7px;border-radius:999px;font-size:.92em;font-weight:600;line-height:1.55}
.role-bot{background:var(--hc-bubble-bot-bg);color:var(--hc-bubble-bot-text)}
.role-agent{background:var(--hc-bubble-agent-bg);color:var(--hc-bubble-agent-text)}
.banner{padding:8px 16px;background:var(--hc-color-surface-alt);color:var(--hc-color-text);border-bottom:1px solid var(--hc-color-border);font-size:.9em}

.body{flex:1 1 auto;min-height:0;overflow-y:auto;overscroll-behavior:contain;padding:calc(var(--hc-space-unit) * 2);display:flex;flex-direction:column;gap:calc(var(--hc-space-unit) * 1.25)}
.log>*+*{margin-top:calc(var(--hc-space-unit) * 1.25)}
.page{flex:none;contain-intrinsic-size:auto 4000px}
.page+.page:not(:has(.msg-failed)){content-visibility:auto}
.msg{display:flex;flex-direction:column;align-items:flex-start;max-width:100%}
.msg-customer{align-items:flex-end}
.msg-system{align-items:center}
.author{display:flex;align-items:center;gap:6px;margin-bottom:3px;font-size:.8em;color:var(--hc-color-text-muted)}
.author-name{font-weight:600}
.bubble{max-width:88%;padding:8px 12px;border-radius:var(--hc-radius-bubble);overflow-wrap:anywhere}
.msg-bot .bubble{background:var(--hc-bubble-bot-bg);color:var(--hc-bubble-bot-text);border-start-start-radius:4px}
.msg-agent .bubble{background:var(--hc-bubble-agent-bg);color:var(--hc-bubble-agent-text);border-start-start-radius:4px}
.msg-customer .bubble{background:var(--hc-bubble-customer-bg);color:var(--hc-bubble-customer-text);border-start-end-radius:4px}
.msg-failed .bubble{outline:2px dashed var(--hc-color-danger);outline-offset:2px}
.plain{white-space:pre-wrap}
.md>*+*{margin-top:.5em}
.md ul,.md ol{padding-inline-start:1.3em}
.md code,.transcript{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.md code{font-size:.9em;padding:0 .25em;border-radius:4px;background:rgba(127,127,127,.18)}
.bubble a,.attachment-link{color:inherit;text-decoration:underline;text-underline-offset:2px}
.attachments{display:flex;flex-direction:column;gap:6px;margin-top:6px}
.attachment-image{display:block;max-width:100%;max-height:240px;border-radius:8px}
.meta{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin-top:3px;font-size:.8em;color:var(--hc-color-text-muted)}
.status-failed{color:var(--hc-color-danger);font-weight:600}
.link-button{min-height:24px;padding:2px 4px;border:0;background:none;color:var(--hc-color-accent);font-weight:600;text-decoration:underline}
.earlier{align-self:center}
.notice{padding:2px 8px;text-align:center;font-size:.85em;color:var(--hc-color-text-muted)}
.typing{display:flex;align-items:center;gap:8px;font-size:.85em;color:var(--hc-color-text-muted)}
.dots{display:inline-flex;gap:3px}
.dots i{width:6px;height:6px;border-radius:50%;background:currentColor;animation:hc-bounce 1.2s infinite ease-in-out}
.dots i:nth-child(2){animation-delay:.15s}
.dots i:nth-child(3){animation-delay:.3s}
@keyframes hc-bounce{0%,80%,100%{transform:translateY(0);opacity:.5}40%{transform:translateY(-4px);opacity:1}}
.quick-replies{display:flex;flex-wrap:wrap;gap:8px}
.chip{min-height:36px;padding:6px 14px;border:2px solid var(--hc-color-accent);border-radius:999px;background:var(--hc-color-surface);color:var(--hc-color-text);font-weight:600}

.card{display:flex;flex-direction:column;gap:8px;padding:12px 14px;border:1px solid var(--hc-color-border);border-radius:var(--hc-radius-bubble);background:var(--hc-color-surface-alt)}
.card-title{font-size:1em;font-weight:700}
.hint{font-size:.9em;color:var(--hc-color-text-muted)}
.progress p{font-weight:600}
${ACTIONS_CSS}
.primary,.secondary{min-height:40px;padding:8px 14px;border-radius:var(--hc-radius-control);font-weight:600}
.primary{border:2px solid var(--hc-color-accent);background:var(--hc-color-accent);color:var(--hc-color-on-accent)}
.secondary{border:1px solid var(--hc-color-border);background:var(--hc-color-surface);color:var(--hc-color-text)}
.preview summary{cursor:pointer;font-weight:600;min-height:24px}
.transcript{max-height:12em;margin-top:8px;padding:8px;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.8em;background:var(--hc-color-surface);border:1px solid var(--hc-color-border);border-radius:6px}
.field-label{font-weight:600;font-size:.9em}
.input{width:100%;min-height:44px;padding:8px 10px;font-size:max(16px,1em);background:var(--hc-color-surface);color:var(--hc-color-text);border:1px solid var(--hc-color-border);border-radius:var(--hc-radius-control)}
textarea.input{resize:vertical;line-height:1.4}
.input[aria-invalid=true]{border:2px solid var(--hc-color-danger)}
.error,.count-over{color:var(--hc-color-danger);font-weight:600}
.error{font-size:.875em}
fieldset{border:0;padding:0;min-width:0}
legend{padding:0;margin-bottom:8px}
.scores{display:flex;flex-wrap:wrap;gap:6px}
.score{position:relative;flex:1 1 0;min-width:52px;display:flex;flex-direction:column;align-items:center;gap:2px;padding:6px 4px;border:1px solid var(--hc-color-border);border-radius:var(--hc-radius-control);background:var(--hc-color-surface);text-align:center;cursor:pointer}
.score input{position:absolute;inset:0;margin:0;opacity:0;cursor:pointer}
.score:has(input:focus-visible){outline:3px solid var(--hc-color-focus);outline-offset:2px}
.score-selected{border-color:var(--hc-color-accent);box-shadow:inset 0 0 0 2px var(--hc-color-accent)}
.score-number{font-weight:700;font-size:1.1em}
.score-label{font-size:.75em;color:var(--hc-color-text-muted)}

.composer{flex:none;padding:8px 12px;background:var(--hc-color-surface-alt);border-top:1px solid var(--hc-color-border)}
.composer-row{display:flex;align-items:flex-end;gap:8px}
.composer .input{flex:1;max-height:8em;resize:none;field-sizing:content}
.send{flex:none;width:44px;height:44px;display:inline-flex;align-items:center;justify-content:center;border:0;border-radius:50%;background:var(--hc-color-accent);color:var(--hc-color-on-accent);font-size:1.2em}
.count{margin-top:4px;font-size:.8em;color:var(--hc-color-text-muted)}
.count-over{color:var(--hc-color-danger)}

@media (prefers-reduced-motion:reduce){.root *,.root *::before,.root *::after{animation:none!important;transition:none!important;scroll-behavior:auto!important}}
@media (forced-colors:active){.launcher,.human-button,.send,.primary,.secondary,.chip,.score{border:2px solid ButtonText}.bubble,.card{border:1px solid CanvasText}}
`;
}
