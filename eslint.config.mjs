import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import jest from 'eslint-plugin-jest'
import prettier from 'eslint-config-prettier/flat'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  { ignores: ['coverage/', 'dist/', 'node_modules/', 'test-support/fixtures/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs'] },
        tsconfigRootDir: import.meta.dirname
      }
    }
  },
  {
    files: ['__tests__/**/*.ts', 'test-support/**/*.ts'],
    ...jest.configs['flat/recommended'],
    languageOptions: { globals: { ...globals.jest } },
    rules: {
      ...jest.configs['flat/recommended'].rules,
      // replay() in the capture tests asserts every request and response itself.
      'jest/expect-expect': ['warn', { assertFunctionNames: ['expect', 'replay', 'failure'] }]
    }
  },
  { files: ['**/*.js', '**/*.mjs'], extends: [tseslint.configs.disableTypeChecked] },
  prettier
)
