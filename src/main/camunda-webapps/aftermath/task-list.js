// Aftermath: urgency in sight in Tasklist's task lists (issue 21).
//
// 1. Sorting. Tasklist 7.24 has no setting for the default sorting of a task list: its sorting bar starts with
//    "Created, newest first" whenever the address has no `sorting` parameter, and it sends that sorting with every
//    list request (so a filter's own ordering does not decide either). This script puts Aftermath's default into the
//    address when a page of Tasklist is opened without one: priority (highest first, i.e. SEV1 first), then due date
//    (soonest first). The sorting bar then shows it, and a person can change it as before; the choice stays in the
//    address (bookmarks, reloads) until Tasklist is opened afresh without a sorting.
// 2. Counts. Tasklist shows the number of tasks only next to the filter that is selected. This script asks the
//    engine's REST API for every filter the user may read with its count (`GET filter?itemCount=true`, the user's own
//    grants) and shows the count next to each filter name, refreshed every 10 seconds like Tasklist's list.

const DEFAULT_SORTING = JSON.stringify([
  {sortBy: 'priority', sortOrder: 'desc'},
  {sortBy: 'dueDate', sortOrder: 'asc'}
]);
const TASKLIST_DEFAULT = JSON.stringify([{sortBy: 'created', sortOrder: 'desc'}]);

/** The parameters of a Tasklist list address ("#/?filter=…"), or null for the login page and other routes. */
function listParams(hash) {
  const [path, query = ''] = (hash || '#/').replace(/^#/, '').split('?');
  return path === '/' || path === '' ? new URLSearchParams(query) : null;
}

function applyDefaultSorting() {
  const params = listParams(window.location.hash);
  if (!params) {
    return;
  }
  params.set('sorting', DEFAULT_SORTING);
  window.location.replace(window.location.href.replace(/#.*$/, '') + '#/?' + params.toString());
}

// An address without a sorting comes from outside (a link in a mail, a bookmark, the login): Tasklist's sorting bar
// then writes its own default right after it, so the address as it arrived decides, not the one Tasklist made of it.
window.addEventListener('hashchange', (event) => {
  const arrived = listParams(new URL(event.newURL).hash);
  if (arrived && !arrived.has('sorting')) {
    applyDefaultSorting();
  }
});
const opened = listParams(window.location.hash);
if (opened && (!opened.has('sorting') || opened.get('sorting') === TASKLIST_DEFAULT)) {
  applyDefaultSorting();
}

function engineApi() {
  const base = document.querySelector('base');
  return (base && base.getAttribute('engine-api')) || '/camunda/api/engine/';
}

let counting = false;

function showCounts() {
  const items = document.querySelectorAll('.task-filters .task-filter');
  if (!items.length || counting || document.hidden) {
    return;
  }
  counting = true;
  fetch(engineApi() + 'engine/default/filter?resourceType=Task&itemCount=true', {
    credentials: 'same-origin',
    headers: {Accept: 'application/json'}
  }).then((response) => (response.ok ? response.json() : []))
    .then((filters) => {
      const counts = new Map(filters.map((f) => [f.name, f.itemCount]));
      document.querySelectorAll('.task-filters .task-filter h4.name a').forEach((link) => {
        const name = Array.from(link.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent).join('').trim();
        if (!counts.has(name)) {
          return;
        }
        let badge = link.querySelector('.aftermath-filter-count');
        if (!badge) {
          badge = document.createElement('span');
          badge.className = 'aftermath-filter-count';
          link.appendChild(badge);
        }
        const count = counts.get(name);
        badge.textContent = String(count);
        badge.title = count === 1 ? '1 task' : count + ' tasks';
        badge.classList.toggle('aftermath-filter-count-zero', count === 0);
      });
    })
    .catch(() => {})
    .finally(() => {
      counting = false;
    });
}

let scheduled = null;

function scheduleCounts() {
  clearTimeout(scheduled);
  scheduled = setTimeout(showCounts, 300);
}

window.addEventListener('hashchange', scheduleCounts);
new MutationObserver((mutations) => {
  if (mutations.some((m) => Array.from(m.addedNodes).some((n) => n.nodeType === Node.ELEMENT_NODE
      && (n.matches('.task-filter') || n.querySelector('.task-filter'))))) {
    scheduleCounts();
  }
}).observe(document.documentElement, {childList: true, subtree: true});
setInterval(showCounts, 10000);

export default [];
