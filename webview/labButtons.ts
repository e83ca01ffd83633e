/**
 * The training panel's way into the Descent Lab: a row of buttons (compare learning rates,
 * compare batch sizes, learning-rate sweep, compare optimizers) that open the file's lab panel beside it. Real buttons,
 * reached with Tab and pressed with Enter or Space.
 */
import type { LabKind } from '../src/shared/labProtocol';
import { button } from './controls';
import { h } from './dom';
import { t } from '../src/shared/l10n';

/** The buttons' ids and labels, in the order shown (built when the row is, in the display language). */
export const labButtonList = (): readonly { lab: LabKind; id: string; label: string }[] => [
  { lab: 'rates', id: 'open-lab-rates', label: t('Compare learning rates') },
  { lab: 'batches', id: 'open-lab-batches', label: t('Compare batch sizes') },
  { lab: 'sweep', id: 'open-lab-sweep', label: t('Learning-rate sweep') },
  { lab: 'optimizers', id: 'open-lab-optimizers', label: t('Compare optimizers') },
];

/** The row of lab buttons; each calls `openLab` with its lab. */
export function labButtons(openLab: (lab: LabKind) => void): HTMLElement {
  return h('div', { id: 'lab-buttons', class: 'lab-buttons', role: 'group', 'aria-label': 'Descent Lab' }, ...labButtonList().map((b) => button(b.id, b.label, () => openLab(b.lab), true)));
}
