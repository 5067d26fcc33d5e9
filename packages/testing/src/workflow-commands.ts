type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  /** Decoded message; may span several lines. */
  message: string;
  /** `title`, `file`, `line`, ... as given. */
  properties: Record<string, string>;
}

export interface WorkflowCommands {
  annotations: Annotation[];
  /** Values registered with `::add-mask::`, in order. */
  masks: string[];
  /** `::debug::` messages. */
  debug: string[];
}

/** The workflow commands (`::name props::data`) in an action's stdout, decoded as the runner decodes them. */
export function parseWorkflowCommands(stdout: string): WorkflowCommands {
  const result: WorkflowCommands = { annotations: [], masks: [], debug: [] };
  for (const rawLine of stdout.split('\n')) {
    const line = rawLine.replace(/\r$/, '').trimStart();
    const match = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (match === null) continue;
    const [, command = '', props = '', data = ''] = match;
    const message = unescapeData(data);
    if (command === 'error' || command === 'warning' || command === 'notice') {
      result.annotations.push({ level: command, message, properties: parseProperties(props) });
    } else if (command === 'add-mask') {
      result.masks.push(message);
    } else if (command === 'debug') {
      result.debug.push(message);
    }
  }
  return result;
}

function parseProperties(text: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    properties[pair.slice(0, equals)] = unescapeProperty(pair.slice(equals + 1));
  }
  return properties;
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(text: string): string {
  return text
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');
}
