import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'examples/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Unused arguments named with a leading underscore document an interface slot.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
