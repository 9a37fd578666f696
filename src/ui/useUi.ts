import { useContext } from 'preact/hooks';
import { StateError } from '../core/errors.js';
import { UiContext, type UiContextValue } from './ui-context.js';

/** The widget context (chat, texts, policies). Only valid inside `Widget`. */
export function useUi(): UiContextValue {
  const value = useContext(UiContext);
  if (!value) throw new StateError('no_widget', 'Widget components must be rendered inside <Widget>.');
  return value;
}
