// A workflow template (action-templates/workflow-templates/<name>.yml) is listed by GitHub through its
// sibling <name>.properties.json: `name` and `description` (required), `iconName` (an SVG beside it named
// without its extension, or `octicon <icon>`), `categories` and `filePatterns` (arrays of strings).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** @typedef {import('./yaml-source.mjs').Problem} Problem */

const TEMPLATE = /\.ya?ml$/;
const PROPERTIES = /\.properties\.json$/;

/** The properties file of a template. */
export function propertiesFileOf(template) {
  return template.replace(TEMPLATE, '.properties.json');
}

/** Whether a path names a template's properties file. */
export function isPropertiesFile(file) {
  return PROPERTIES.test(file);
}

function stringArrayProblem(properties, key) {
  const value = properties[key];
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return [];
  return [{ message: `\`${key}\` must be an array of strings` }];
}

/**
 * The problems of a template's properties file, reported against the template's properties file.
 * @param {string} file a .properties.json path
 * @returns {Promise<Problem[]>}
 */
export async function propertiesProblems(file) {
  const template = ['.yml', '.yaml'].map((extension) => file.replace(PROPERTIES, extension));
  if (!template.some((candidate) => existsSync(candidate))) {
    return [{ message: `no workflow template ${path.basename(template[0] ?? '')} beside it` }];
  }
  let properties;
  try {
    properties = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    return [{ message: `not JSON: ${error instanceof Error ? error.message : String(error)}` }];
  }
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) {
    return [{ message: 'must be a JSON object' }];
  }
  const problems = [];
  for (const key of ['name', 'description']) {
    if (typeof properties[key] !== 'string' || properties[key].trim() === '') {
      problems.push({ message: `needs a non-empty string \`${key}\`` });
    }
  }
  const icon = properties.iconName;
  if (icon !== undefined) {
    if (typeof icon !== 'string' || icon.trim() === '') {
      problems.push({ message: '`iconName` must be a non-empty string' });
    } else if (!icon.startsWith('octicon ') && !existsSync(path.join(path.dirname(file), `${icon}.svg`))) {
      problems.push({
        message: `\`iconName\` ${icon}: no ${icon}.svg beside it (or use \`octicon <icon>\`)`,
      });
    }
  }
  problems.push(
    ...stringArrayProblem(properties, 'categories'),
    ...stringArrayProblem(properties, 'filePatterns'),
  );
  return problems;
}
