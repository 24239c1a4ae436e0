// Progressive enhancement only: every page works without JavaScript.
import { initAll } from './govuk-frontend.min.js';
initAll();

// Wide tables of periods open scrolled to their latest columns, which matter most.
for (const region of document.querySelectorAll('[data-scroll-to-end]')) {
  region.scrollLeft = region.scrollWidth;
}
