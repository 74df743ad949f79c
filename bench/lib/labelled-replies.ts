import { readFileSync } from 'node:fs';
import path from 'node:path';
import { classifyReply, type ReplyClass } from '../../src/replies/classify';
import { headersFromFields } from '../../src/replies/header-fields';
import type { ReplyLanguage } from '../../src/replies/languages';
import type { Channel } from '../../src/sequences/model';

const REPLY_LABELS = ['bounce', 'automatic', 'out_of_office', 'opt_out', 'positive', 'negative', 'neutral'] as const;
type ReplyLabel = (typeof REPLY_LABELS)[number];

/** One line of bench/fixtures/replies.jsonl. */
interface LabelledReply {
  text: string;
  subject?: string;
  headers?: Record<string, string>;
  channel: Channel;
  label: ReplyLabel;
  /** The day an out-of-office note says its author is back (YYYY-MM-DD, UTC). */
  returnAt?: string;
  lang: ReplyLanguage;
  /** "held-out: ..." marks the lines written after the rules. */
  note?: string;
}

export interface ClassifiedReply {
  example: LabelledReply;
  predicted: ReplyLabel;
  result: ReplyClass;
}

const LABELLED_REPLIES = path.join(__dirname, '..', 'fixtures', 'replies.jsonl');
/** Every example was received at this moment (a Wednesday): relative return dates are read from it. */
const RECEIVED_AT = new Date('2026-12-02T09:00:00Z');

export function readLabelledReplies(file = LABELLED_REPLIES): LabelledReply[] {
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as LabelledReply);
}

export async function classifyLabelled(examples: LabelledReply[]): Promise<ClassifiedReply[]> {
  const classified: ClassifiedReply[] = [];
  for (const example of examples) {
    const result = await classifyReply({
      channel: example.channel,
      text: example.text,
      ...(example.subject === undefined ? {} : { subject: example.subject }),
      ...(example.headers === undefined ? {} : { headers: headersFromFields(example.headers, example.subject) }),
      receivedAt: RECEIVED_AT,
    });
    classified.push({ example, result, predicted: result.kind === 'human' ? result.sentiment : result.kind });
  }
  return classified;
}

export interface LabelScore {
  label: ReplyLabel;
  precision: number;
  recall: number;
  support: number;
}

/** Precision and recall per label; NaN where nothing was predicted or labelled as it. */
export function labelScores(classified: ClassifiedReply[]): LabelScore[] {
  return REPLY_LABELS.map((label) => {
    const truePositives = classified.filter((c) => c.predicted === label && c.example.label === label).length;
    const predicted = classified.filter((c) => c.predicted === label).length;
    const support = classified.filter((c) => c.example.label === label).length;
    return { label, precision: truePositives / predicted, recall: truePositives / support, support };
  });
}

/** Of the out-of-office notes labelled with a return day and taken for out-of-office: how many got that day. */
export function returnDateScore(classified: ClassifiedReply[]): { dated: number; right: number; missing: number; wrong: ClassifiedReply[] } {
  const dated = classified.filter((c) => c.example.returnAt !== undefined && c.result.kind === 'out_of_office');
  const day = (c: ClassifiedReply) => (c.result.kind === 'out_of_office' ? c.result.returnAt?.slice(0, 10) : undefined);
  const wrong = dated.filter((c) => day(c) !== c.example.returnAt);
  return { dated: dated.length, right: dated.length - wrong.length, missing: wrong.filter((c) => day(c) === undefined).length, wrong };
}
