// html-validate: every built page must have 0 errors (tests/helpers/validity.ts).
/** @type {import('html-validate').ConfigData} */
export default {
  extends: ['html-validate:recommended'],
  rules: {
    // Shiki writes each token's colours as inline custom properties (--shiki-light/--shiki-dark);
    // they cannot move to a stylesheet without one class per colour.
    'no-inline-style': 'off',
  },
};
