/**
 * Every secret the action has seen. Each value is announced to the runner (`::add-mask::`) the moment
 * it is added, and `redact` removes it from text we print ourselves, so a secret quoted in an error
 * message never reaches the log even where the runner's own masking would not catch it.
 */
export class SecretMasker {
  readonly #announce: (value: string) => void;
  readonly #values = new Set<string>();
  #longestFirst: string[] = [];

  constructor(announce: (value: string) => void) {
    this.#announce = announce;
  }

  /** Masks `value` and, for multi-line values such as PEM keys, each of its lines. Bound, so it can be passed around. */
  readonly add = (value: string): void => {
    for (const piece of maskablePieces(value)) {
      if (this.#values.has(piece)) continue;
      this.#announce(piece);
      this.#values.add(piece);
    }
    this.#longestFirst = [...this.#values].sort((a, b) => b.length - a.length);
  };

  /** `text` with every registered secret replaced by `***`. */
  redact(text: string): string {
    let result = text;
    for (const secret of this.#longestFirst) result = result.split(secret).join('***');
    return result;
  }

  get size(): number {
    return this.#values.size;
  }
}

// The runner masks per log line, so a multi-line secret is only hidden if each line is masked too.
// PEM armour lines carry no secret, and masking them would blank out every public key we print.
function maskablePieces(value: string): string[] {
  const pieces = new Set<string>();
  const whole = value.trim();
  if (whole !== '') pieces.add(whole);
  for (const line of value.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || /^-----(BEGIN|END) [A-Z0-9 ]+-----$/.test(trimmed)) continue;
    pieces.add(trimmed);
  }
  return [...pieces];
}
