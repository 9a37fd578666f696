/**
 * The script-tag bundle: defines `window.HandoffChat` with everything the npm entry
 * exports (`init`, `createChat`, the errors, …) plus `transports`, every built-in
 * transport factory.
 *
 * @example
 * <script src="handoff-chat.iife.js"></script>
 * <script>
 *   const { init, transports } = window.HandoffChat
 *   init({ bot: transports.createMemoryBot({ greeting: 'Hi!' }), human: transports.createMemoryHuman() })
 * </script>
 */
import * as transports from '../transports/index.js';

export * from '../index.js';
export { transports };
