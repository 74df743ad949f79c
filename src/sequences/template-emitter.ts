import type { Emitter } from 'liquidjs';
import { TemplateLimitError } from './template-limits';
import { textOf } from './template-size';

export interface MemoryCharge {
  use(count: number): void;
}

/**
 * Collects rendered text, charging every write to the render's memory budget and stopping at `maxChars`.
 * Used for the message itself and for each `{% capture %}`, whose text Liquid would otherwise build unseen.
 */
export class ChargedEmitter implements Emitter {
  buffer = '';

  constructor(
    private readonly memory: MemoryCharge,
    private readonly maxChars = Number.POSITIVE_INFINITY,
  ) {}

  write(html: unknown): void {
    const text = textOf(html);
    this.memory.use(text.length);
    if (this.buffer.length + text.length > this.maxChars) throw new TemplateLimitError('output', this.maxChars);
    this.buffer += text;
  }
}
