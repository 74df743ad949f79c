import assert from 'node:assert/strict';
import { classifyLabelled, labelScores, readLabelledReplies } from '../../bench/lib/labelled-replies';

describe('replies: the labelled set (bench/fixtures/replies.jsonl)', () => {
  it('holds at least 300 replies in each of the five languages and every class', () => {
    const examples = readLabelledReplies();
    assert.ok(examples.length >= 300, `${examples.length} replies`);
    for (const lang of ['en', 'es', 'fr', 'de', 'pt']) assert.ok(examples.filter((e) => e.lang === lang).length >= 40, lang);
  });

  it('finds at least 98% of its opt-outs', async () => {
    const optOut = labelScores(await classifyLabelled(readLabelledReplies())).find((s) => s.label === 'opt_out');
    assert.ok(optOut && optOut.recall >= 0.98, `opt_out recall ${optOut?.recall}`);
  });
});
