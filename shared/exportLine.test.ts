import { describe, expect, it } from 'vitest';
import { ExportLineSchema, ExportQuerySchema } from './exportLine.ts';

describe('export line', () => {
  it("accepts the handbook's example line", () => {
    const line = {
      id: 'doc-17',
      data: { text: 'Ada Lovelace met Babbage.' },
      labels: { entities: [{ start: 0, end: 12, label: 'PER', text: 'Ada Lovelace' }], topic: ['history'] },
      status: 'accepted',
      annotations: [
        {
          by: 'ann1',
          labels: { topic: ['history'] },
          lead_time_s: 41.2,
          submitted_at: '2026-01-01T00:00:00Z',
        },
      ],
      reviews: [{ tier: 'review', by: 'rev1', decision: 'approve', at: '2026-01-02T00:00:00Z' }],
      agreement: 0.92,
    };
    expect(ExportLineSchema.parse(line)).toEqual(line);
  });

  it('defaults to accepted JSONL and checks dates', () => {
    expect(ExportQuerySchema.parse({})).toEqual({ format: 'jsonl', status: 'accepted' });
    expect(ExportQuerySchema.parse({ from: '2026-05-01', to: '2026-05-02T10:00:00Z' })).toMatchObject({
      from: '2026-05-01',
    });
    expect(ExportQuerySchema.safeParse({ from: 'yesterday' }).success).toBe(false);
    expect(ExportQuerySchema.safeParse({ status: 'done' }).success).toBe(false);
  });
});
