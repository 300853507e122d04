import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'examples/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Unused arguments named with a leading underscore document an interface slot.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // The Kusto package ships global-namespace typings (no module to import): a reference
      // directive is the only way to reach them.
      '@typescript-eslint/triple-slash-reference': ['error', { path: 'always' }],
    },
  },
);
