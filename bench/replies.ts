/**
 * Reply classification: `npm run bench:replies`. Classifies every reply of bench/fixtures/replies.jsonl
 * (labelled by hand) and prints precision, recall and support per class, for the whole set and for the
 * lines written after the rules (held out), the return days read from out-of-office notes, and every
 * reply classified wrong. Exits 1 when opt-out recall is under 0.98, the only figure it holds to.
 */
import {
  classifyLabelled,
  labelScores,
  readLabelledReplies,
  returnDateScore,
  type ClassifiedReply,
  type LabelScore,
} from './lib/labelled-replies';

const REQUIRED_OPT_OUT_RECALL = 0.98;

const figure = (n: number) => (Number.isNaN(n) ? '   -' : n.toFixed(2));

function printScores(title: string, scores: LabelScore[]): void {
  console.log(`\n${title}`);
  console.log('class          precision  recall  support');
  for (const s of scores) console.log(`${s.label.padEnd(14)} ${figure(s.precision).padStart(9)}  ${figure(s.recall).padStart(6)}  ${String(s.support).padStart(7)}`);
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 90 ? `${flat.slice(0, 87)}...` : flat;
}

function describe(c: ClassifiedReply): string {
  const got = c.result.kind === 'out_of_office' && c.result.returnAt ? `${c.predicted} ${c.result.returnAt.slice(0, 10)}` : c.predicted;
  return `  [${c.example.lang} ${c.example.channel}] ${c.example.label} -> ${got}: ${shorten(c.example.text)}`;
}

async function main(): Promise<boolean> {
  const classified = await classifyLabelled(readLabelledReplies());
  const heldOut = classified.filter((c) => c.example.note?.startsWith('held-out'));
  const scores = labelScores(classified);
  const right = classified.filter((c) => c.predicted === c.example.label).length;
  printScores(`All ${classified.length} replies: ${right} right (${figure(right / classified.length)})`, scores);
  if (heldOut.length > 0) printScores(`Held out (written after the rules), ${heldOut.length} replies`, labelScores(heldOut));

  const dates = returnDateScore(classified);
  console.log(`\nOut-of-office return days: ${dates.right} of ${dates.dated} right (${dates.missing} not found)`);
  for (const c of dates.wrong) console.log(`  expected ${c.example.returnAt}, got ${c.result.kind === 'out_of_office' ? (c.result.returnAt ?? 'none') : '-'}: ${shorten(c.example.text)}`);

  const wrong = classified.filter((c) => c.predicted !== c.example.label);
  console.log(`\nMisclassified (${wrong.length}):`);
  for (const c of wrong) console.log(describe(c));

  const optOutRecall = scores.find((s) => s.label === 'opt_out')?.recall ?? 0;
  const enough = optOutRecall >= REQUIRED_OPT_OUT_RECALL;
  console.log(`\nopt_out recall ${figure(optOutRecall)}: ${enough ? 'meets' : 'FAILS'} the required ${REQUIRED_OPT_OUT_RECALL}`);
  return enough;
}

main().then(
  (enough) => process.exit(enough ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
