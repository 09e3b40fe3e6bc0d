// A grpc.health.v1.Health/Check call over Node's own HTTP/2, as kubelet's
// native `grpc:` probe makes it: success only for SERVING. No dependencies.
import http2 from "node:http2";

const STATUS_NAMES = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"];

// Encodes HealthCheckRequest{service} in a gRPC length-prefixed frame.
function requestFrame(service) {
  const name = Buffer.from(service ?? "", "utf8");
  const length = [];
  for (let n = name.length; ; n >>>= 7) {
    if (n < 0x80) { length.push(n); break; }
    length.push((n & 0x7f) | 0x80);
  }
  const message = name.length ? Buffer.concat([Buffer.from([0x0a, ...length]), name]) : Buffer.alloc(0);
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}

// HealthCheckResponse{status = 1 (varint)} from a gRPC frame; UNKNOWN if absent.
function responseStatus(body) {
  if (body.length < 5) return "UNKNOWN";
  const message = body.subarray(5, 5 + body.readUInt32BE(1));
  for (let i = 0; i < message.length;) {
    const tag = message[i++];
    let value = 0;
    for (let shift = 0; i < message.length; shift += 7) {
      const byte = message[i++];
      value |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) break;
    }
    if (tag === 0x08) return STATUS_NAMES[value] ?? `STATUS_${value}`;
  }
  return "UNKNOWN";
}

// Resolves to "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN", "UNKNOWN", or
// "ERROR: ..." (connection refused, timeout, non-OK grpc-status). Never rejects.
// Only loopback addresses are allowed: tests never send traffic elsewhere.
export function checkHealth({ host = "127.0.0.1", port, service = "", timeoutMs = 1000 }) {
  if (!/^127\.\d+\.\d+\.\d+$|^::1$|^localhost$/.test(host)) {
    return Promise.resolve(`ERROR: refusing to probe non-loopback address ${host}`);
  }
  return new Promise((resolve) => {
    let settled = false;
    const client = http2.connect(`http://${host.includes(":") ? `[${host}]` : host}:${port}`);
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish("ERROR: timeout"), timeoutMs);
    client.on("error", (error) => finish(`ERROR: ${error.code ?? error.message}`));
    const request = client.request({
      ":method": "POST",
      ":path": "/grpc.health.v1.Health/Check",
      "content-type": "application/grpc",
      te: "trailers",
    });
    const chunks = [];
    let grpcStatus;
    request.on("response", (headers) => {
      if (headers["grpc-status"] !== undefined) grpcStatus = headers["grpc-status"];
    });
    request.on("trailers", (trailers) => { grpcStatus = trailers["grpc-status"]; });
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("error", (error) => finish(`ERROR: ${error.code ?? error.message}`));
    request.on("end", () => {
      if (String(grpcStatus) !== "0") {
        // NOT_FOUND (5) is how servers answer for an unknown service name.
        finish(String(grpcStatus) === "5" ? "SERVICE_UNKNOWN" : `ERROR: grpc-status ${grpcStatus}`);
      } else {
        finish(responseStatus(Buffer.concat(chunks)));
      }
    });
    request.end(requestFrame(service));
  });
}
