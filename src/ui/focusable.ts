const CANDIDATES =
  'a[href],button:not([disabled]),input:not([disabled]):not([type="hidden"]),textarea:not([disabled]),select:not([disabled]),summary,[tabindex]:not([tabindex="-1"])';

/**
 * The elements Tab reaches inside `container`, in document order: enabled controls
 * and links that are not hidden (`hidden`, a closed `<details>`), and of each radio
 * group only the stop Tab lands on (the checked radio, else the first).
 *
 * @example
 * const [first] = focusableIn(panel)
 */
export function focusableIn(container: Element): HTMLElement[] {
  const seenGroups = new Set<string>();
  return Array.from(container.querySelectorAll<HTMLElement>(CANDIDATES)).filter((el) => {
    if (el.closest('[hidden]') || el.tabIndex < 0) return false;
    const details = el.closest('details');
    if (details && !details.open && !(el.tagName === 'SUMMARY' && el.parentElement === details)) return false;
    if (el instanceof HTMLInputElement && el.type === 'radio' && el.name) {
      const key = el.name;
      const checked = Array.from(container.querySelectorAll<HTMLInputElement>('input[type="radio"]:checked')).find((r) => r.name === key);
      if (checked ? checked !== el : seenGroups.has(key)) return false;
      seenGroups.add(key);
    }
    return true;
  });
}
