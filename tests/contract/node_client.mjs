// An independent client: Node's @grpc/grpc-js loads our .proto files with
// @grpc/proto-loader (no code of ours) and checks the services' answers.
// Usage: node node_client.mjs CLAIMS_ADDR PROVENANCE_ADDR PROTO_ROOT
// Prints "N passed, M failed" and exits non-zero on any failure.
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import path from 'node:path';

const [claimsAddr, provenanceAddr, protoRoot] = process.argv.slice(2);
const load = (file) => protoLoader.loadSync(path.join(protoRoot, file), {
  keepCase: false, longs: String, enums: String, defaults: true, oneofs: true,
  includeDirs: [protoRoot],
});
const claimsPkg = grpc.loadPackageDefinition(load('claimtrace/claims/v1/claims_service.proto'));
const provenancePkg = grpc.loadPackageDefinition(load('claimtrace/provenance/v1/provenance_service.proto'));
const healthPkg = grpc.loadPackageDefinition(load('grpc/health/v1/health.proto'));

const insecure = grpc.credentials.createInsecure();
const claims = new claimsPkg.claimtrace.claims.v1.ClaimsService(claimsAddr, insecure);
const provenance = new provenancePkg.claimtrace.provenance.v1.ProvenanceService(provenanceAddr, insecure);
const claimsHealth = new healthPkg.grpc.health.v1.Health(claimsAddr, insecure);
const provenanceHealth = new healthPkg.grpc.health.v1.Health(provenanceAddr, insecure);

const call = (client, method, request) => new Promise((resolve, reject) => {
  const deadline = new Date(Date.now() + 10000);
  client[method](request, { deadline }, (error, response) => (error ? reject(error) : resolve(response)));
});

let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}: ${error.message}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

const article = [
  '# Harbor city approves ferry upgrade',
  '',
  'April 2, 2025',
  '',
  'The Port Alder council approved a $45 million ferry upgrade on Tuesday, officials said.',
  '',
  'The upgrade will add at least 12 electric vessels by 2028, according to Dana Whitfield, the transit director.',
  '',
  'Ridership rose 18% last year to roughly 3.4 million trips.',
].join('\n');

let ingested;
await check('health: both services SERVING', async () => {
  const c = await call(claimsHealth, 'Check', { service: 'claimtrace.claims.v1.ClaimsService' });
  const p = await call(provenanceHealth, 'Check', { service: 'claimtrace.provenance.v1.ProvenanceService' });
  assert(c.status === 'SERVING', `claims is ${c.status}`);
  assert(p.status === 'SERVING', `provenance is ${p.status}`);
});
await check('IngestArticle stores the article and its evidence', async () => {
  ingested = await call(provenance, 'IngestArticle', { text: article });
  assert(ingested.created === true, 'created should be true');
  assert(/^articles\/[0-9a-f]{32}$/.test(ingested.article.name), `bad name ${ingested.article.name}`);
  assert(ingested.article.title === 'Harbor city approves ferry upgrade', `title ${ingested.article.title}`);
  assert(ingested.evidenceCount > 0, 'no evidence');
});
await check('IngestArticle again is idempotent', async () => {
  const again = await call(provenance, 'IngestArticle', { text: article });
  assert(again.created === false, 'created should be false');
  assert(again.article.name === ingested.article.name, 'different name');
});
await check('GetArticle returns what was stored', async () => {
  const got = await call(provenance, 'GetArticle', { name: ingested.article.name });
  assert(got.contentSha256 === ingested.article.contentSha256, 'hash differs');
  assert(got.publishTime && got.publishTime.seconds === String(Date.UTC(2025, 3, 2) / 1000), 'publish time');
});
let claimNames = [];
await check('ListClaims pages through every claim exactly once', async () => {
  let token = '';
  const seen = new Set();
  do {
    const page = await call(claims, 'ListClaims', { pageSize: 1, pageToken: token });
    for (const claim of page.claims) {
      assert(!seen.has(claim.name), `duplicate ${claim.name}`);
      seen.add(claim.name);
      assert(claim.kind !== 'CLAIM_KIND_UNSPECIFIED', 'unspecified kind');
    }
    token = page.nextPageToken;
  } while (token);
  claimNames = [...seen];
  assert(claimNames.length >= 2, `only ${claimNames.length} claims`);
});
await check('GetClaim and BatchGetClaims agree', async () => {
  const one = await call(claims, 'GetClaim', { name: claimNames[0] });
  const batch = await call(claims, 'BatchGetClaims', { names: claimNames.slice(0, 2) });
  assert(batch.claims.length === 2 && batch.claims[0].name === one.name, 'batch mismatch');
  assert(one.sourceCount === 1, `sourceCount ${one.sourceCount}`);
});
await check('TraceClaim returns verbatim quotes', async () => {
  const trace = await call(provenance, 'TraceClaim', { claim: claimNames[0] });
  assert(trace.claim.name === claimNames[0], 'claim name');
  assert(trace.sources.length >= 1, 'no sources');
  for (const source of trace.sources) {
    const text = Buffer.from(source.paragraph.text, 'utf8');
    const quote = text.subarray(source.evidence.startOffset, source.evidence.endOffset).toString('utf8');
    assert(quote === source.evidence.quote, `quote "${source.evidence.quote}" != slice "${quote}"`);
  }
});
await check('errors carry the right status codes', async () => {
  const codeOf = async (p) => p.then(() => 0, (e) => e.code);
  assert(await codeOf(call(claims, 'GetClaim', { name: 'claims/0000000000000000' })) === grpc.status.NOT_FOUND, 'NOT_FOUND');
  assert(await codeOf(call(claims, 'GetClaim', { name: 'nonsense' })) === grpc.status.INVALID_ARGUMENT, 'INVALID_ARGUMENT');
  assert(await codeOf(call(provenance, 'IngestArticle', { text: '' })) === grpc.status.INVALID_ARGUMENT, 'empty text');
  assert(await codeOf(call(claims, 'ListClaims', { pageToken: 'forged' })) === grpc.status.INVALID_ARGUMENT, 'token');
});

for (const client of [claims, provenance, claimsHealth, provenanceHealth]) client.close();
console.log(`node contract: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
