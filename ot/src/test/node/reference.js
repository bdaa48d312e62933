'use strict';
// Answers the differential test: each line in is a JSON array of cases, each line out the array of their
// answers, {ok: result} or {error: message}, in the same order.
const readline = require('readline');
const { type } = require('ot-text-unicode');

const functions = {
  apply: (c) => type.apply(c.doc, c.op),
  compose: (c) => type.compose(c.a, c.b),
  transform: (c) => type.transform(c.op, c.other, c.side),
  transformPosition: (c) => type.transformPosition(c.cursor, c.op),
  transformSelection: (c) => type.transformSelection(c.selection, c.op),
  normalize: (c) => type.normalize(c.op),
  checkOp: (c) => { type.checkOp(c.op); return true; },
};

const answer = (c) => {
  try {
    return { ok: functions[c.fn](c) };
  } catch (e) {
    return { error: String((e && e.message) || e) };
  }
};

readline.createInterface({ input: process.stdin, crlfDelay: Infinity }).on('line', (line) => {
  process.stdout.write(JSON.stringify(JSON.parse(line).map(answer)) + '\n');
});
