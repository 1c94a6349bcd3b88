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

new MutationObserver(addLinks).observe(document.documentElement, {childList: true, subtree: true});
addLinks();

export default [];
