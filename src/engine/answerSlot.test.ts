import { describe, expect, it } from 'vitest';
import { AnswerSlot } from './answerSlot';

const probabilities = Float32Array.from([0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.5, 0.1, 0.12]);

describe('AnswerSlot', () => {
  it('gives the page the answer to its own request, and only that one', () => {
    const engineSide = new AnswerSlot(new SharedArrayBuffer(56));
    const pageSide = new AnswerSlot(engineSide.buffer);
    expect(pageSide.read(1)).toBeNull();
    engineSide.write(1, probabilities, 3);
    const answer = pageSide.read(1)!;
    expect(Array.from(answer.probabilities)).toEqual(Array.from(probabilities));
    expect(answer.modelSerial).toBe(3);
    // A newer answer replaces it: the older request now waits for its message.
    engineSide.write(2, probabilities.map((p) => p / 2), 3);
    expect(pageSide.read(1)).toBeNull();
    expect(pageSide.read(2)!.probabilities[7]).toBeCloseTo(0.25);
  });

  it('hands out a copy, not a view the next write would change', () => {
    const slot = new AnswerSlot(new SharedArrayBuffer(56));
    slot.write(5, probabilities, 1);
    const first = slot.read(5)!;
    slot.write(5, new Float32Array(10), 1);
    expect(first.probabilities[7]).toBeCloseTo(0.5);
  });

  it('reads nothing while a write is under way', () => {
    const buffer = new SharedArrayBuffer(56);
    const slot = new AnswerSlot(buffer);
    slot.write(9, probabilities, 1);
    const header = new Int32Array(buffer, 0, 4);
    Atomics.add(header, 0, 1); // a writer has begun
    expect(slot.read(9)).toBeNull();
    Atomics.add(header, 0, 1);
    expect(slot.read(9)).not.toBeNull();
  });

  it('wakes a waiting page when the next write finishes, not before', async () => {
    const engineSide = new AnswerSlot(new SharedArrayBuffer(56));
    const pageSide = new AnswerSlot(engineSide.buffer);
    let woken = false;
    const written = pageSide.nextWrite(10_000)!.then(() => (woken = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(woken).toBe(false);
    engineSide.write(4, probabilities, 2);
    await written;
    expect(woken).toBe(true);
    expect(pageSide.read(4)!.modelSerial).toBe(2);
  });

  it('gives up waiting after the timeout', async () => {
    const slot = new AnswerSlot(new SharedArrayBuffer(56));
    const started = performance.now();
    await slot.nextWrite(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('refuses answers of the wrong size', () => {
    const slot = new AnswerSlot(new SharedArrayBuffer(56));
    slot.write(1, new Float32Array(3), 1);
    expect(slot.read(1)).toBeNull();
  });
});
