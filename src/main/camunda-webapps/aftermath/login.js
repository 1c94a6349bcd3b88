// Aftermath: the login page of the Camunda webapps says what is true (issue 21).
//
// Camunda's login answers 401 when the user name or password is wrong (or the account is locked) and 403 when they
// are right but the user may not use this application (Cockpit and Admin are for administrators). The webapps show
// one text for both: "Wrong credentials, locked user or missing access rights to application". An engineer who
// signed in correctly was told their credentials might be wrong. This script, loaded by each app's config.js
// (customScripts), watches the login request (POST …/auth/user/<engine>/login/<app>) and replaces that text with
// what happened, and where to go instead.

const LOGIN = /\/auth\/user\/[^/]+\/login\/([a-z]+)$/;
const APP_NAMES = {cockpit: 'Cockpit', admin: 'Admin', tasklist: 'Tasklist', welcome: 'Welcome'};
const CAMUNDA_TEXT = 'Wrong credentials, locked user or missing access rights';
let lastLogin = null;

function root() {
  const base = document.querySelector('base');
  return (base && base.getAttribute('app-root')) || '/camunda';
}

const open = XMLHttpRequest.prototype.open;
const send = XMLHttpRequest.prototype.send;
XMLHttpRequest.prototype.open = function (method, url, ...rest) {
  const match = typeof url === 'string' && String(method).toUpperCase() === 'POST' && LOGIN.exec(url.split('?')[0]);
  this.aftermathLoginApp = match ? match[1] : null;
  return open.call(this, method, url, ...rest);
};
XMLHttpRequest.prototype.send = function (body) {
  if (this.aftermathLoginApp) {
    const app = this.aftermathLoginApp;
    const user = typeof body === 'string' ? new URLSearchParams(body).get('username') : null;
    this.addEventListener('loadend', () => {
      lastLogin = {app, user, status: this.status};
      explain();
    });
  }
  return send.call(this, body);
};

function message(login) {
  const app = APP_NAMES[login.app] || login.app;
  if (login.status === 403) {
    const who = login.user ? login.user : 'you';
    return {
      text: 'You are signed in as ' + who + ', but ' + who + ' has no access to ' + app + '. ' + app
        + ' is for administrators. Your tasks are in Tasklist',
      link: login.app === 'tasklist' ? null : ['Open Tasklist', root() + '/app/tasklist/']
    };
  }
  if (login.status === 401) {
    return {text: 'Wrong user name or password, or the account is locked. Check both and try again', link: null};
  }
  return null;
}

function explain() {
  if (!lastLogin) {
    return;
  }
  const explanation = message(lastLogin);
  if (!explanation) {
    return;
  }
  document.querySelectorAll('.notifications .alert, .notification, [cam-notifications] .alert').forEach((alert) => {
    if (alert.dataset.aftermathLogin || !alert.textContent.includes(CAMUNDA_TEXT)) {
      return;
    }
    const walker = document.createTreeWalker(alert, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.data.includes(CAMUNDA_TEXT)) {
        node.data = explanation.text + (explanation.link ? ': ' : '.');
        if (explanation.link) {
          const a = document.createElement('a');
          a.href = explanation.link[1];
          a.textContent = explanation.link[0];
          a.className = 'aftermath-login-link';
          node.parentNode.insertBefore(a, node.nextSibling);
        }
        break;
      }
    }
    alert.dataset.aftermathLogin = String(lastLogin.status);
    alert.classList.add('aftermath-login-' + lastLogin.status);
  });
}

new MutationObserver(explain).observe(document.documentElement, {childList: true, subtree: true});

export default [];
