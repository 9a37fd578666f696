import type { Emit } from '../core/contract.js';
import { toTransportError } from '../core/errors.js';
import { readTransportEvent } from './parse-event.js';

/**
 * Validates events a backend sent and emits them in order. A bad one is skipped and
 * reported as an `error` event naming what was wrong, so one broken entry never
 * hides the good ones around it or shows up as an empty bubble. Paths in errors get
 * an index (`response[2]`) unless `indexed` is false and there is only one event.
 */
export function emitValidated(raw: readonly unknown[], emit: Emit, path: string, indexed = true): void {
  raw.forEach((value, index) => {
    let event;
    try {
      event = readTransportEvent(value, indexed || raw.length > 1 ? `${path}[${index}]` : path);
    } catch (error) {
      emit({ type: 'error', error: toTransportError(error, 'invalid_event') });
      return;
    }
    emit(event);
  });
}
