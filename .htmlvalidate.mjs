// html-validate: every built page must have 0 errors (tests/helpers/validity.ts).
/** @type {import('html-validate').ConfigData} */
export default {
  extends: ['html-validate:recommended'],
  rules: {
    // Shiki writes each token's colours as inline custom properties (--shiki-light/--shiki-dark);
    // they cannot move to a stylesheet without one class per colour.
    'no-inline-style': 'off',
    // Heading ids keep the heading's text, as GitHub's do: `## 2023年の記録` is `#2023年の記録`. HTML
    // allows any id without spaces; the strict form would also reject ids that start with a digit.
    'valid-id': ['error', { relaxed: true }],
  },
};
