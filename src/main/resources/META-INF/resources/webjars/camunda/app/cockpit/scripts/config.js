// Aftermath's branding of Camunda Cockpit (Camunda's documented webapp customisation: this file replaces the
// webjar's scripts/config.js; styles/user-styles.css is loaded after Camunda's own styles).
export default {
  app: {
    name: 'Cockpit',
    vendor: 'Aftermath'
  },
  // links to the post-mortem library and the insights page in the header (aftermath/links.js)
  customScripts: ['aftermath/links'],
  disableWelcomeMessage: true
};
