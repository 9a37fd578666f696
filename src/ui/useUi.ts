import { useContext } from 'preact/hooks';
import { StateError } from '../core/errors.js';
import { STATIC_HOST } from './host-bridge.js';
import { UiContext, type UiContextValue } from './ui-context.js';

/** The widget context with every optional part filled in. */
export type Ui = UiContextValue & Required<Pick<UiContextValue, 'host' | 'refocus'>>;

const KEEP_FOCUS = (): void => {};

/** The widget context (chat, texts, policies). Only valid inside `Widget`. */
export function useUi(): Ui {
  const value = useContext(UiContext);
  if (!value) throw new StateError('no_widget', 'Widget components must be rendered inside <Widget>.');
  if (value.host && value.refocus) return value as Ui;
  // A bare context (a component rendered on its own): a static page, and focus left where it is.
  return { ...value, host: value.host ?? STATIC_HOST, refocus: value.refocus ?? KEEP_FOCUS };
}
