// A report as a client sends it: streamed to POST /documents or PUT to a presigned URL, parsed by
// the worker's task, reviewed and confirmed through GraphQL, against the real in-process S3 server.
// A file that cannot be read fails its job with the reason and writes nothing.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobHelpers } from 'graphile-worker';
import PDFDocument from 'pdfkit';
import { dexaFixtures } from '../../bench/generate/reports/dexa';
import { labFixtures } from '../../bench/generate/reports/labs';
import type { ReportFixture } from '../../bench/generate/reports/truth';
import { loadConfig } from '../../src/config';
import { closeExtraction } from '../../src/documents/extract';
import { createLogger } from '../../src/http/logger';
import { openStorage, type Storage } from '../../src/storage/s3';
import { documentsParse } from '../../tasks/documents__parse';
import { createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type Harness } from '../server/harness';

let h: Harness;
let storage: Storage;
let dir: string;
let userId: string;
let token: string;
let otherToken: string;
let report: ReportFixture;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-documents-'));
  storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-documents' }), { directory: dir });
  h = await startHarness({}, { storage });
  userId = await createUser(h.db.pool);
  token = await tokenFor(h, userId);
  otherToken = await tokenFor(h, await createUser(h.db.pool));
  report = (await labFixtures()).find((f) => f.layer === 'text' && f.family === 'labcorp')!;
}, 60_000);
afterAll(async () => {
  await closeExtraction();
  await h?.close();
  await storage?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function upload(body: Buffer, query = '?documentType=blood_work&filename=panel.pdf', auth = token) {
  const response = await fetch(`${h.server.origin}/documents${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/pdf' },
    body,
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** What the worker does with the job (tasks/documents__parse.ts). */
async function runParse(jobId: string) {
  const task = documentsParse({ pool: h.db.pool, config: h.config, storage, logger: createLogger({ ...h.config, LOG_LEVEL: 'silent' }) });
  await task({ ingestionJobId: jobId }, { job: { attempts: 1, max_attempts: 3 }, logger: { info: () => {} } } as unknown as JobHelpers);
}

const DOCUMENT = `query ($id: UUID!) { document(documentId: $id) {
  documentId parseStatus parseConfidence parseResult errorMessage sha256 linkedRecordId linkedRecordType confirmedBy
  parseJob { jobId status result errorMessage } } }`;
const readDocument = async (id: string, auth = token) => (await graphql(h.server, DOCUMENT, { token: auth, variables: { id } })).body.data?.document;

function encryptedPdf(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ userPassword: 'secret', ownerPassword: 'owner', info: { CreationDate: new Date('2025-01-01') } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text('Glucose 92 mg/dL 70-99');
    doc.end();
  });
}

describe('a lab report uploaded, parsed, reviewed and confirmed', () => {
  let documentId: string;

  test('the upload creates the document and its parse job together', async () => {
    const uploaded = await upload(report.bytes);
    expect(uploaded.status).toBe(202);
    expect(uploaded.body).toMatchObject({ duplicate: false, sha256: sha256(report.bytes), bytes: report.bytes.length, mimeType: 'application/pdf' });
    documentId = uploaded.body.documentId;
    expect(await readDocument(documentId)).toMatchObject({ parseStatus: 'pending', parseJob: { jobId: uploaded.body.jobId, status: 'queued' } });
  });

  test('the worker reads it into a draft: every result with its value, confidence and position', async () => {
    const before = await readDocument(documentId);
    await runParse(before.parseJob.jobId);
    const doc = await readDocument(documentId);
    expect(doc.parseJob).toMatchObject({ status: 'succeeded', errorMessage: null });
    expect(['parsed', 'needs_review']).toContain(doc.parseStatus);
    const labs = report.truth.items.filter((i) => i.type === 'lab_result');
    const items = doc.parseResult.items as Array<Record<string, any>>;
    expect(items.length).toBeGreaterThanOrEqual(labs.length);
    expect(doc.parseJob.result).toMatchObject({ kind: 'lab', method: 'text', items: items.length });
    for (const item of items) {
      expect(item.confidence).toBeGreaterThan(0);
      expect(item.source).toMatchObject({ page: expect.any(Number), y: expect.any(Number) });
    }
    expect(Number(doc.parseConfidence)).toBeGreaterThan(0);
  });

  test('another user sees nothing of it and cannot confirm it', async () => {
    expect(await readDocument(documentId, otherToken)).toBeNull();
    const refused = await graphql(h.server, `mutation ($id: UUID!) { confirmDocument(input: { documentId: $id }) { result { documentId } } }`, { token: otherToken, variables: { id: documentId } });
    expect(refused.body.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'documentId' } });
  });

  test('a correction through GraphQL is kept on the item; a bad one is refused by field', async () => {
    const first = (await readDocument(documentId)).parseResult.items[0];
    const revise = `mutation ($id: UUID!, $item: String!, $changes: JSON!) { reviseDocumentItem(input: { documentId: $id, itemId: $item, changes: $changes }) { result { parseResult } } }`;
    const revised = await graphql(h.server, revise, { token, variables: { id: documentId, item: first.id, changes: { value: 123.4 } } });
    expect(revised.body.errors).toBeUndefined();
    const item = revised.body.data!.reviseDocumentItem.result.parseResult.items[0];
    expect(item).toMatchObject({ value: 123.4, corrected: ['value'] });
    const bad = await graphql(h.server, revise, { token, variables: { id: documentId, item: first.id, changes: { value: 'high' } } });
    expect(bad.body.errors?.[0]).toMatchObject({ message: 'changes: value must be a number', extensions: { code: 'BAD_USER_INPUT' } });
  });

  test('confirming creates the panel with its markers; confirming again changes nothing', async () => {
    const confirm = `mutation ($id: UUID!) { confirmDocument(input: { documentId: $id }) { result { parseStatus linkedRecordId linkedRecordType confirmedAt confirmedBy } } }`;
    const answer = await graphql(h.server, confirm, { token, variables: { id: documentId } });
    expect(answer.body.errors).toBeUndefined();
    const first = answer.body.data!.confirmDocument.result;
    expect(first).toMatchObject({ parseStatus: 'confirmed', linkedRecordType: 'blood_panel', confirmedBy: userId });
    const panel = await graphql(h.server, `query ($id: UUID!) { bloodPanel(panelId: $id) { documentId bloodMarkersByPanelIdAndUserId { totalCount } } }`, { token, variables: { id: first.linkedRecordId } });
    const items = (await readDocument(documentId)).parseResult.items.filter((i: any) => !i.rejected);
    expect(panel.body.data!.bloodPanel).toMatchObject({ documentId, bloodMarkersByPanelIdAndUserId: { totalCount: items.length } });
    const second = (await graphql(h.server, confirm, { token, variables: { id: documentId } })).body.data!.confirmDocument.result;
    expect(second).toEqual(first);
  });

  test('the same file uploaded again points at the existing document and its record', async () => {
    const again = await upload(report.bytes);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ documentId, duplicate: true });
    expect(await readDocument(documentId)).toMatchObject({ parseStatus: 'confirmed', linkedRecordType: 'blood_panel' });
  });
});

describe('a report uploaded as the wrong kind', () => {
  test('is read as what its content shows, and says so', async () => {
    const scan = (await dexaFixtures()).find((f) => f.layer === 'text' && f.family === 'dexafit')!;
    const uploaded = await upload(scan.bytes, '?documentType=blood_work&filename=dexa.pdf');
    await runParse(uploaded.body.jobId);
    const doc = await readDocument(uploaded.body.documentId);
    expect(doc.parseResult).toMatchObject({ kind: 'dexa', family: 'dexafit', warnings: expect.arrayContaining(['uploaded as a lab report, but it reads as a dexa report: read as dexa']) });
    const type = await h.db.pool.query('select document_type from vitalis.documents where document_id = $1', [uploaded.body.documentId]);
    expect(type.rows[0].document_type).toBe('dexa');
  });
});

describe('a DEXA provider’s JSON', () => {
  test('BodySpec’s composition JSON is a report: parsed, dated in review, confirmed into a scan', async () => {
    const json = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'bodyspec', 'composition.json'));
    const uploaded = await upload(json, '?documentType=dexa&filename=bodyspec.json');
    expect(uploaded).toMatchObject({ status: 202, body: { mimeType: 'application/json' } });
    await runParse(uploaded.body.jobId);
    const doc = await readDocument(uploaded.body.documentId);
    expect(doc).toMatchObject({ parseStatus: 'needs_review', parseResult: { kind: 'dexa', family: 'bodyspec', extraction: { method: 'json' } } });
    const mutate = (query: string) => graphql(h.server, query, { token, variables: { id: uploaded.body.documentId } });
    const undated = await mutate(`mutation ($id: UUID!) { confirmDocument(input: { documentId: $id }) { result { documentId } } }`);
    expect(undated.body.errors?.[0]).toMatchObject({ message: 'collectedAt: a DEXA scan needs its scan date; set it with reviseDocumentHeader' });
    await mutate(`mutation ($id: UUID!) { reviseDocumentHeader(input: { documentId: $id, changes: { collectedAt: "2025-06-01" } }) { result { documentId } } }`);
    const confirmed = await mutate(`mutation ($id: UUID!) { confirmDocument(input: { documentId: $id }) { result { linkedRecordType linkedRecordId } } }`);
    expect(confirmed.body.data!.confirmDocument.result).toMatchObject({ linkedRecordType: 'dexa_scan' });
    const regions = await h.db.pool.query('select count(*)::int as n from vitalis.dexa_regions where scan_id = $1', [confirmed.body.data!.confirmDocument.result.linkedRecordId]);
    expect(regions.rows[0].n).toBe(doc.parseResult.items.filter((i: { type: string }) => i.type === 'dexa_region').length);
  });
});

describe('the presigned path', () => {
  test('request an upload URL, PUT the bytes, confirm the upload, and the worker parses it', async () => {
    const bytes = Buffer.concat([report.bytes, Buffer.from('\n% a different file\n')]);
    const requested = await graphql(
      h.server,
      `mutation ($input: RequestDocumentUploadInput!) { requestDocumentUpload(input: $input) { documentId duplicate uploadUrl uploadHeaders expiresAt document { parseStatus } } }`,
      { token, variables: { input: { documentType: 'blood_work', filename: 'phone.pdf', mimeType: 'application/pdf', byteSize: bytes.length, sha256: sha256(bytes) } } },
    );
    expect(requested.body.errors).toBeUndefined();
    const ticket = requested.body.data!.requestDocumentUpload;
    expect(ticket).toMatchObject({ duplicate: false, document: { parseStatus: 'pending' } });
    const put = await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.uploadHeaders, body: bytes });
    expect(put.status).toBe(200);
    const confirmed = await graphql(h.server, `mutation ($id: UUID!) { confirmDocumentUpload(input: { documentId: $id }) { result { jobId status jobType } } }`, {
      token,
      variables: { id: ticket.documentId },
    });
    const job = confirmed.body.data!.confirmDocumentUpload.result;
    expect(job).toMatchObject({ status: 'queued', jobType: 'document_parse' });
    await runParse(job.jobId);
    expect(['parsed', 'needs_review']).toContain((await readDocument(ticket.documentId)).parseStatus);
  });

  test('bytes that are not the file announced fail the job by name', async () => {
    const announced = Buffer.from('%PDF-1.4 announced');
    const requested = await graphql(
      h.server,
      `mutation ($input: RequestDocumentUploadInput!) { requestDocumentUpload(input: $input) { documentId uploadUrl uploadHeaders } }`,
      { token, variables: { input: { documentType: 'other', filename: 'x.pdf', mimeType: 'application/pdf', byteSize: announced.length, sha256: sha256(announced) } } },
    );
    const ticket = requested.body.data!.requestDocumentUpload;
    // The local S3 server checks no signatures; the worker checks the bytes.
    await fetch(ticket.uploadUrl, { method: 'PUT', headers: { ...ticket.uploadHeaders, 'content-length': String(announced.length) }, body: Buffer.from('%PDF-1.4 swapped!!') });
    const job = (await graphql(h.server, `mutation ($id: UUID!) { confirmDocumentUpload(input: { documentId: $id }) { result { jobId } } }`, { token, variables: { id: ticket.documentId } })).body.data!.confirmDocumentUpload.result;
    await runParse(job.jobId);
    expect(await readDocument(ticket.documentId)).toMatchObject({
      parseStatus: 'failed',
      errorMessage: 'file: the uploaded bytes are not the file whose sha256 was given when the upload was requested',
      parseResult: null,
      parseJob: { status: 'failed' },
    });
  });

  test('a bad request names the field', async () => {
    const bad = await graphql(
      h.server,
      `mutation ($input: RequestDocumentUploadInput!) { requestDocumentUpload(input: $input) { documentId } }`,
      { token, variables: { input: { documentType: 'blood_work', filename: 'x.pdf', mimeType: 'text/plain', byteSize: 10, sha256: 'abc' } } },
    );
    expect(bad.body.errors?.[0]).toMatchObject({ message: 'mimeType: must be application/pdf, image/png, image/jpeg, image/heic or application/json', extensions: { code: 'BAD_USER_INPUT', field: 'mimeType' } });
  });
});

describe('files that cannot be read', () => {
  test('an encrypted PDF fails its job with the reason and writes nothing', async () => {
    const uploaded = await upload(await encryptedPdf(), '?documentType=blood_work&filename=locked.pdf');
    expect(uploaded.status).toBe(202);
    await runParse(uploaded.body.jobId);
    const doc = await readDocument(uploaded.body.documentId);
    expect(doc).toMatchObject({ parseStatus: 'failed', parseResult: null, linkedRecordId: null, parseJob: { status: 'failed' } });
    expect(doc.errorMessage).toMatch(/^file: the PDF is encrypted/);
    const panels = await h.db.pool.query('select count(*)::int as n from vitalis.blood_panels where document_id = $1', [uploaded.body.documentId]);
    expect(panels.rows[0].n).toBe(0);
  });

  test('a malformed PDF fails with the reason', async () => {
    const uploaded = await upload(Buffer.concat([report.bytes.subarray(0, 600), Buffer.from('garbage')]), '?filename=truncated.pdf');
    await runParse(uploaded.body.jobId);
    const doc = await readDocument(uploaded.body.documentId);
    expect(doc).toMatchObject({ parseStatus: 'failed', parseResult: null });
    expect(doc.errorMessage).toMatch(/^file: /);
  });

  test('bytes that are no report format are refused at the door and not stored', async () => {
    const refused = await upload(Buffer.from('MZ this is an executable'), '?filename=evil.pdf');
    expect(refused).toMatchObject({ status: 415, body: { errors: [{ message: "file: is not a PDF, PNG, JPEG or HEIC file, nor a provider's JSON report" }] } });
  });
});
