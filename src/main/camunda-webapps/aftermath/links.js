// Aftermath: the header of the Camunda webapps links to the post-mortem library and the insights page.
const LINKS = [
  ['Library', '/library', 'Published post-mortems'],
  ['Insights', '/insights', 'Lifecycle and action-item insights']
];

function addLinks() {
  const header = document.querySelector('[cam-widget-header] .navbar-header');
  if (!header || document.getElementById('aftermath-links')) {
    return;
  }
  const nav = document.createElement('span');
  nav.id = 'aftermath-links';
  nav.className = 'aftermath-links';
  for (const [label, href, title] of LINKS) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = label;
    a.title = title;
    nav.appendChild(a);
  }
  header.appendChild(nav);
}

// Tasklist: "Start process" only for people who may start a process there (READ and CREATE_INSTANCE on a definition
// that is startable in Tasklist: the post-mortem lifecycle, for incident commanders and administrators). The engine
// answers the same query the start dialog makes; the action stays hidden when it counts none.
let startable = null;

function startProcessAction() {
  const action = document.querySelector('.start-process-action');
  if (!action || !location.pathname.includes('/app/tasklist/')) {
    return;
  }
  if (startable === null) {
    startable = 'asking';
    const root = (document.querySelector('base') || {getAttribute: () => null}).getAttribute('app-root') || '/camunda';
    fetch(root + '/api/engine/engine/default/process-definition/count?latest=true&active=true'
        + '&startableInTasklist=true&startablePermissionCheck=true', {credentials: 'same-origin'})
      .then(r => (r.ok ? r.json() : {count: 0}))
      .then(body => { startable = body.count > 0; startProcessAction(); })
      .catch(() => { startable = null; });
    action.style.display = 'none';
    return;
  }
  action.style.display = startable === true ? '' : 'none';
}

function decorate() {
  addLinks();
  startProcessAction();
}

new MutationObserver(decorate).observe(document.documentElement, {childList: true, subtree: true});
decorate();

export default [];
