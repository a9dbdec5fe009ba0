/**
 * Constants copied from the captures / MLflow source.
 */

export const VERSION_TEXT = '3.6.1.dev0'

export const HTML = 'text/html; charset=utf-8'

export const JSON_TYPE = 'application/json'

export const NOT_FOUND_HTML =
  '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n'

export const METHOD_NOT_ALLOWED_HTML =
  '<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n'

export const UNAUTHENTICATED_TEXT =
  'You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.'

export const BAD_HOST_TEXT = 'Invalid Host header - possible DNS rebinding attack detected'

export const API_DOCS = 'See the API docs for more information about request parameters.'

export const BAD_NAME_CHARS =
  'Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).'

export const BAD_ALIAS_CHARS =
  'Names may only contain alphanumerics, underscores (_), and dashes (-).'

export const PROMPT_TAG = 'mlflow.prompt.is_prompt'

export const STAGES = ['None', 'Staging', 'Production', 'Archived']

export const TAG_KEY_MAX = 250

export const TAG_VALUE_MAX = 100_000

export const ALIAS_MAX = 255
