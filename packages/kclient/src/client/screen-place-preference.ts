import type { ScreenPlace } from '../shared/screen-layout.ts';
import { placeOf } from './screen-role.ts';

const STORAGE_KEY = 'helios.screenPlace';

/** Where "Add screen" puts the next screen: the choice last made in this browser, else `right`. */
export function rememberedScreenPlace(): ScreenPlace {
  try {
    return placeOf(localStorage.getItem(STORAGE_KEY));
  } catch {
    return 'right';
  }
}

/** Remembers the place chosen in the toolbar for the next visit on this origin. */
export function rememberScreenPlace(place: ScreenPlace): void {
  try {
    localStorage.setItem(STORAGE_KEY, place);
  } catch {
    // Storage refused (sandboxed frame, privacy mode): the choice lasts this visit only.
  }
}
