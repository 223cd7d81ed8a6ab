import { Writable } from 'node:stream';
import { progressBar } from '../../src/cli/progress';

function terminal(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream, text: () => chunks.join('') };
}

test('on a terminal the import shows how far it is, in MB and percent', () => {
  const t = terminal(true);
  const bar = progressBar(t.stream, 10 * 1024 * 1024);
  bar.update(5 * 1024 * 1024, 10 * 1024 * 1024);
  bar.stop(); // redraws are throttled; stopping draws the last state
  expect(t.text()).toMatch(/importing \[.*\] 50% \| 5\.0 \/ 10\.0 MB/);
  bar.update(10, 10); // after stop: ignored, no throw
});

test('without a terminal (logs, CI, tests) nothing is drawn', () => {
  const t = terminal(false);
  const bar = progressBar(t.stream, 100);
  bar.update(50, 100);
  bar.stop();
  expect(t.text()).toBe('');
});
