import { Evaluator, Lexer, Parser, data, type Expr } from '@actions/expressions';

/** The status of the steps (or jobs) before the one whose `if:` is evaluated: what `success()` and friends read. */
export interface StatusFunctions {
  readonly success: boolean;
  readonly cancelled?: boolean;
}

/** Every context an expression may name, as plain JSON values (missing contexts are empty objects). */
export type ExpressionContexts = Readonly<Record<string, unknown>>;

const CONTEXT_NAMES = [
  'github',
  'env',
  'inputs',
  'secrets',
  'vars',
  'steps',
  'needs',
  'jobs',
  'job',
  'runner',
  'matrix',
  'strategy',
];

/**
 * Evaluates one expression (the text between `${{` and `}}`, or a bare `if:`) with GitHub's own evaluator
 * (`@actions/expressions`), the status functions `success()`, `failure()`, `always()` and `cancelled()` as the
 * runner defines them. `hashFiles` is refused: nothing here should depend on it.
 */
function evaluateExpression(
  expression: string,
  contexts: ExpressionContexts,
  status: StatusFunctions = { success: true },
): data.ExpressionData {
  const lexed = new Lexer(expression).lex();
  const functions = statusFunctions(status);
  const parsed: Expr = new Parser(lexed.tokens, CONTEXT_NAMES, [...functions.values()]).parse();
  const dictionary = new data.Dictionary();
  for (const name of CONTEXT_NAMES) dictionary.add(name, toExpressionData(contexts[name] ?? {}));
  return new Evaluator(parsed, dictionary, functions).evaluate();
}

/** `value` with every `${{ … }}` replaced by its evaluated string (GitHub's string coercion). */
export function interpolate(value: string, contexts: ExpressionContexts): string {
  return value.replace(/\$\{\{([\s\S]*?)\}\}/g, (_whole, expression: string) =>
    evaluateExpression(expression, contexts).coerceString(),
  );
}

/**
 * A `with:`/`env:` value as the runner gives it: a string with expressions interpolated; a value that is one
 * whole expression keeps its type (a boolean input given `${{ true }}`) until it becomes an input string.
 */
export function evaluateValue(value: unknown, contexts: ExpressionContexts): unknown {
  if (typeof value !== 'string') return value;
  const whole = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/.exec(value);
  if (whole !== null && !whole[1]!.includes('}}')) {
    return fromExpressionData(evaluateExpression(whole[1]!, contexts));
  }
  return interpolate(value, contexts);
}

/** An `if:` condition (bare or wrapped in `${{ }}`); an empty condition means `success()`. */
export function evaluateCondition(
  condition: unknown,
  contexts: ExpressionContexts,
  status: StatusFunctions,
): boolean {
  if (condition === undefined || condition === null || condition === '') return status.success;
  if (typeof condition === 'boolean') return condition && status.success;
  let text = String(condition).trim();
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(text);
  if (wrapped !== null) text = wrapped[1]!;
  // As the runner: a condition that calls no status function is `success() && (condition)`.
  const callsStatus = /\b(success|failure|always|cancelled)\s*\(/i.test(text);
  const value = evaluateExpression(callsStatus ? text : `success() && (${text})`, contexts, status);
  return truthy(value);
}

/** The string the runner passes for a value (`true`, `3`, JSON for objects). */
export function asInputString(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function statusFunctions(status: StatusFunctions) {
  const functions = new Map<
    string,
    { name: string; minArgs: number; maxArgs: number; call: () => data.ExpressionData }
  >();
  const define = (name: string, value: boolean) =>
    functions.set(name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) });
  define('success', status.success && status.cancelled !== true);
  define('failure', !status.success);
  define('always', true);
  define('cancelled', status.cancelled === true);
  return functions;
}

/** GitHub's truthiness: null, false, 0, NaN and '' are false; everything else (arrays and objects too) true. */
function truthy(value: data.ExpressionData): boolean {
  const plain = fromExpressionData(value);
  if (plain === null || plain === false || plain === '' || plain === 0) return false;
  return !(typeof plain === 'number' && Number.isNaN(plain));
}

function toExpressionData(value: unknown): data.ExpressionData {
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData;
}

function fromExpressionData(value: data.ExpressionData): unknown {
  return JSON.parse(JSON.stringify(value, data.replacer)) as unknown;
}
