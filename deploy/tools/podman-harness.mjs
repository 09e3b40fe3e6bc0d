// Plays the rendered workloads of a kustomization (the ci overlay) with podman
// and does what a kubelet would: starts each Deployment's pod with the
// securityContext, resources, env and volumes of its spec, runs the startup,
// readiness and liveness probes (native gRPC health checks, to 127.0.0.1
// only), restarts containers that exit or fail liveness (with back-off), runs
// Jobs to completion, and stops pods as on deletion: preStop sleep, SIGTERM,
// SIGKILL after terminationGracePeriodSeconds.
//
// `podman kube play` would run the same YAML but silently ignores probes,
// Services and most of securityContext; this harness plays what matters and
// rejects what it cannot play (Secrets, PVCs, non-host networking).
//
// NETWORK SAFETY: only pods with hostNetwork: true are played, and every
// address in their flags must be on 127.0.0.1; probes and clients go to
// 127.0.0.1 only. Nothing is ever sent to a container bridge address.
//
// Used by deploy/tests/podman-harness.sh; run that, not this, by hand.
//   node deploy/tools/podman-harness.mjs --overlay overlays/ci --claimctl build/client/claimctl \
//     --article examples/articles/x.txt [--keep-logs DIR] [--liveness-drill]
import { execFile as execFileCallback, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { checkHealth } from "./grpc-health.mjs";
import { durationSeconds } from "./k8s-policy.mjs";
import { render } from "./k8s-render.mjs";

const execFile = promisify(execFileCallback);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const LABEL = "io.claimtrace.harness";
const runId = `${os.hostname()}-${process.pid}`;
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (message) => console.log(`[harness ${elapsed()}] ${message}`);

// ---- results -----------------------------------------------------------------
const results = { passed: 0, failed: 0 };
function expect(ok, what, detail = "") {
  if (ok) {
    results.passed++;
    console.log(`ok   ${what}${detail ? ` (${detail})` : ""}`);
  } else {
    results.failed++;
    console.log(`FAIL ${what}${detail ? `: ${detail}` : ""}`);
  }
  return ok;
}

// ---- podman --------------------------------------------------------------------
async function podman(args, { allowFail = false, timeoutMs = 120000 } = {}) {
  try {
    const { stdout, stderr } = await execFile("podman", args, { timeout: timeoutMs, maxBuffer: 32 << 20 });
    return { code: 0, stdout, stderr: quiet(stderr) };
  } catch (error) {
    const result = { code: error.code ?? 1, stdout: error.stdout ?? "", stderr: quiet(error.stderr ?? "") };
    if (!allowFail) throw new Error(`podman ${args.join(" ")}: exit ${result.code}: ${result.stderr.trim()}`);
    return result;
  }
}
const quiet = (text) => String(text).split("\n").filter((l) => !l.includes("failed to connect to syslog")).join("\n");

async function inspect(name) {
  const { stdout } = await podman(["inspect", "--type", "container", name]);
  return JSON.parse(stdout)[0];
}

// ---- Kubernetes quantities ---------------------------------------------------------
function bytes(quantity) {
  const m = String(quantity).match(/^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/);
  if (!m) throw new Error(`cannot read memory quantity ${quantity}`);
  const scale = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Math.round(Number(m[1]) * (scale[m[2]] ?? 1));
}
const cpus = (quantity) => String(quantity).endsWith("m") ? Number(String(quantity).slice(0, -1)) / 1000 : Number(quantity);

// ---- pods ------------------------------------------------------------------------
class PlayedPod {
  constructor(workload, objects, workDir) {
    this.workload = workload;
    this.objects = objects;
    this.spec = workload.spec.template.spec;
    if ((this.spec.containers ?? []).length !== 1 || (this.spec.initContainers ?? []).length) {
      throw new Error(`${workload.metadata.name}: the harness plays pods with exactly one container`);
    }
    if (this.spec.hostNetwork !== true) {
      throw new Error(`${workload.metadata.name}: NETWORK SAFETY: only hostNetwork pods are played`);
    }
    this.container = this.spec.containers[0];
    this.name = `claimtrace-harness-${process.pid}-${workload.metadata.name}`;
    this.dir = path.join(workDir, workload.metadata.name);
    this.restarts = 0;
    this.ready = false;
    this.stopping = false;
    this.events = [];
  }

  event(message) {
    this.events.push(`${elapsed()} ${message}`);
    say(`${this.workload.metadata.name}: ${message}`);
  }

  // Volumes as the kubelet makes them: ConfigMap files (read-only), emptyDirs
  // (world-writable, kept across container restarts, gone with the pod).
  prepareVolumes() {
    const mounts = [];
    for (const volume of this.spec.volumes ?? []) {
      const dir = path.join(this.dir, "volumes", volume.name);
      fs.mkdirSync(dir, { recursive: true });
      if (volume.configMap) {
        const configMap = this.objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === volume.configMap.name);
        if (!configMap) throw new Error(`${this.name}: no ConfigMap ${volume.configMap.name}`);
        for (const [key, value] of Object.entries(configMap.data ?? {})) fs.writeFileSync(path.join(dir, key), value);
        for (const [key, value] of Object.entries(configMap.binaryData ?? {})) {
          fs.writeFileSync(path.join(dir, key), Buffer.from(value, "base64"));
        }
        fs.chmodSync(dir, 0o755);
      } else if (volume.emptyDir) {
        fs.chmodSync(dir, 0o777);
      } else {
        throw new Error(`${this.name}: volume ${volume.name}: only configMap and emptyDir volumes are played`);
      }
    }
    for (const mount of this.container.volumeMounts ?? []) {
      const source = path.join(this.dir, "volumes", mount.name);
      mounts.push("--mount", `type=bind,src=${source},dst=${mount.mountPath}${mount.readOnly ? ",ro=true" : ""}`);
    }
    return mounts;
  }

  runArgs() {
    const c = this.container;
    const pod = this.spec.securityContext ?? {};
    const sc = c.securityContext ?? {};
    const args = ["run", "--detach", "--name", this.name, "--label", `${LABEL}=${runId}`,
                  "--network", "host", "--pull", "never", "--init=false"];
    const user = sc.runAsUser ?? pod.runAsUser;
    const group = sc.runAsGroup ?? pod.runAsGroup;
    if (user !== undefined) args.push("--user", group !== undefined ? `${user}:${group}` : String(user));
    if (pod.fsGroup !== undefined) args.push("--group-add", String(pod.fsGroup));
    if (sc.readOnlyRootFilesystem) args.push("--read-only", "--read-only-tmpfs=false");
    for (const cap of sc.capabilities?.drop ?? []) args.push("--cap-drop", cap);
    for (const cap of sc.capabilities?.add ?? []) args.push("--cap-add", cap);
    if (sc.allowPrivilegeEscalation === false) args.push("--security-opt", "no-new-privileges");
    if ((sc.seccompProfile ?? pod.seccompProfile)?.type === "Unconfined") {
      args.push("--security-opt", "seccomp=unconfined");
    }  // RuntimeDefault: podman's default seccomp profile.
    if (c.resources?.limits?.memory) args.push("--memory", String(bytes(c.resources.limits.memory)));
    if (c.resources?.limits?.cpu) args.push("--cpus", String(cpus(c.resources.limits.cpu)));
    for (const env of c.env ?? []) {
      if (env.valueFrom) throw new Error(`${this.name}: env ${env.name}: valueFrom is not played`);
      args.push("--env", `${env.name}=${env.value ?? ""}`);
    }
    if (c.envFrom) throw new Error(`${this.name}: envFrom is not played`);
    if (c.workingDir) args.push("--workdir", c.workingDir);
    args.push(...this.prepareVolumes());
    // Kubernetes' command replaces the image's ENTRYPOINT, args its CMD.
    if (c.command) args.push("--entrypoint", JSON.stringify(c.command));
    args.push(c.image, ...(c.args ?? []));
    return args;
  }

  grace() {
    return this.spec.terminationGracePeriodSeconds ?? 30;
  }

  async start() {
    this.args ??= this.runArgs();
    await podman(this.args);
    this.startedAt = Date.now();
    this.event(`started ${this.container.image}`);
  }

  async state() {
    const info = await inspect(this.name);
    // A paused (frozen) container has not exited: its probes fail instead.
    return { running: info.State.Running || info.State.Paused, paused: info.State.Paused,
             exitCode: info.State.ExitCode, info };
  }

  // One probe as the kubelet runs it; true on success. The pod's IP is the
  // host's (hostNetwork) and the services listen on 127.0.0.1 only: probe that.
  async probe(probe) {
    const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
    if (probe.grpc) {
      return (await checkHealth({ port: probe.grpc.port, service: probe.grpc.service ?? "", timeoutMs })) === "SERVING";
    }
    if (probe.tcpSocket) {
      return new Promise((resolve) => {
        const socket = net.connect({ host: "127.0.0.1", port: probe.tcpSocket.port, timeout: timeoutMs });
        socket.on("connect", () => { socket.destroy(); resolve(true); });
        socket.on("error", () => resolve(false));
        socket.on("timeout", () => { socket.destroy(); resolve(false); });
      });
    }
    if (probe.httpGet) {
      return (await httpGet(probe.httpGet.port, probe.httpGet.path ?? "/", timeoutMs)).status < 400;
    }
    throw new Error(`${this.name}: unsupported probe ${JSON.stringify(probe)}`);
  }

  // Restarts the container (restartPolicy Always) after the kubelet's back-off
  // of 10 s, doubling per restart up to 5 min.
  async restart(reason) {
    this.ready = false;
    const backoff = Math.min(10 * 2 ** this.restarts, 300);
    this.restarts++;
    this.lastRestartReason = reason;
    this.event(`${reason}; restart ${this.restarts} in ${backoff} s`);
    const { running, paused } = await this.state();
    // The kubelet's SIGTERM reaches a frozen process only once it thaws.
    if (paused) await podman(["unpause", this.name], { allowFail: true });
    if (running) await podman(["stop", "--time", String(this.grace()), this.name], { allowFail: true });
    await sleep(backoff * 1000);
    if (this.stopping) return;
    await podman(["start", this.name]);
    this.startedAt = Date.now();
    this.event("started again");
  }

  // The kubelet's loop for this pod, until stop(): startup probe first, then
  // readiness and liveness, each on its own period and thresholds.
  async supervise() {
    const c = this.container;
    const probes = { startup: c.startupProbe, readiness: c.readinessProbe, liveness: c.livenessProbe };
    let phase = "startup";
    let counters = {};
    let due = {};
    const reset = () => {
      phase = probes.startup ? "startup" : "running";
      counters = { startup: 0, readiness: 0, liveness: 0, readinessOk: 0 };
      const now = Date.now();
      due = Object.fromEntries(Object.entries(probes).map(([k, p]) => [k, now + (p?.initialDelaySeconds ?? 0) * 1000]));
      if (!probes.readiness && phase === "running") this.ready = true;
    };
    reset();
    while (!this.stopping) {
      await sleep(200);
      if (this.stopping) break;
      const { running, exitCode } = await this.state();
      if (!running && !this.stopping) {
        await this.restart(`container exited with code ${exitCode}`);
        reset();
        continue;
      }
      const now = Date.now();
      if (phase === "startup" && now >= due.startup) {
        const p = probes.startup;
        due.startup = now + (p.periodSeconds ?? 10) * 1000;
        if (await this.probe(p)) {
          phase = "running";
          this.event("startup probe succeeded");
          due.readiness = due.liveness = Date.now();
          if (!probes.readiness) this.ready = true;
        } else if (++counters.startup >= (p.failureThreshold ?? 3)) {
          await this.restart(`startup probe failed ${counters.startup} times`);
          reset();
        }
        continue;
      }
      if (phase !== "running") continue;
      if (probes.readiness && now >= due.readiness) {
        const p = probes.readiness;
        due.readiness = now + (p.periodSeconds ?? 10) * 1000;
        if (await this.probe(p)) {
          counters.readiness = 0;
          if (!this.ready && ++counters.readinessOk >= (p.successThreshold ?? 1)) {
            this.ready = true;
            this.event("ready");
          }
        } else {
          counters.readinessOk = 0;
          if (this.ready && ++counters.readiness >= (p.failureThreshold ?? 3)) {
            this.ready = false;
            this.event("not ready (readiness probe failing)");
          }
        }
      }
      if (probes.liveness && now >= due.liveness) {
        const p = probes.liveness;
        due.liveness = now + (p.periodSeconds ?? 10) * 1000;
        if (await this.probe(p)) {
          counters.liveness = 0;
        } else if (++counters.liveness >= (p.failureThreshold ?? 3)) {
          await this.restart(`liveness probe failed ${counters.liveness} times`);
          reset();
        }
      }
    }
  }

  // Deletion as the kubelet does it: preStop, then the image's stop signal
  // (STOPSIGNAL, SIGTERM), then SIGKILL when the grace period runs out.
  async terminate() {
    this.stopping = true;
    this.ready = false;
    const begun = Date.now();
    const preStop = this.container.lifecycle?.preStop?.sleep?.seconds ?? 0;
    if (preStop) await sleep(preStop * 1000);
    const remaining = Math.max(1, this.grace() - preStop);
    const signalled = Date.now();
    await podman(["stop", "--time", String(remaining), this.name], { timeoutMs: (remaining + 30) * 1000 });
    const stopSeconds = (Date.now() - signalled) / 1000;
    const { exitCode, info } = await this.state();
    this.event(`stopped: exit code ${exitCode} ${stopSeconds.toFixed(1)} s after SIGTERM ` +
               `(${((Date.now() - begun) / 1000).toFixed(1)} s with preStop)`);
    return { exitCode, stopSeconds, remaining, oomKilled: info.State.OOMKilled };
  }

  async logs(lines = 40) {
    const { stdout, stderr } = await podman(["logs", "--tail", String(lines), this.name], { allowFail: true });
    return `${stdout}${stderr}`;
  }
}

// A Job: one pod per attempt (restartPolicy Never), up to backoffLimit retries.
async function runJob(job, objects, workDir) {
  const limit = job.spec.backoffLimit ?? 6;
  const deadline = Date.now() + (job.spec.activeDeadlineSeconds ?? 600) * 1000;
  for (let attempt = 0; attempt <= limit && Date.now() < deadline; attempt++) {
    const pod = new PlayedPod({ ...job, metadata: { ...job.metadata, name: `${job.metadata.name}-${attempt}` } },
                              objects, workDir);
    await pod.start();
    const { stdout } = await podman(["wait", pod.name], { timeoutMs: Math.max(1000, deadline - Date.now()) });
    const exitCode = Number(stdout.trim());
    const logs = await pod.logs(100);
    pod.event(`job attempt ${attempt + 1} exited with code ${exitCode}`);
    if (exitCode === 0) return { exitCode, logs, attempts: attempt + 1 };
    console.log(logs);
    await sleep(Math.min(10 * 2 ** attempt, 60) * 1000);
  }
  return { exitCode: -1, logs: "", attempts: limit + 1 };
}

function httpGet(port, urlPath, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path: urlPath, timeout: timeoutMs }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => { body += chunk; });
      response.on("end", () => resolve({ status: response.statusCode, body }));
    });
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", (error) => resolve({ status: 599, body: String(error.message) }));
  });
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ host: "127.0.0.1", port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function claimctl(binary, env, args, { allowFail = false } = {}) {
  try {
    const { stdout, stderr } = await execFile(binary, args, { env: { ...process.env, ...env, NO_COLOR: "1" },
                                                             timeout: 60000, maxBuffer: 32 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (!allowFail) console.log(`claimctl ${args.join(" ")}: exit ${error.code}\n${error.stdout}${error.stderr}`);
    return { code: error.code ?? 1, stdout: error.stdout ?? "", stderr: error.stderr ?? "" };
  }
}

// Every address a played pod's flags name must be loopback.
function assertLoopbackOnly(objects) {
  for (const configMap of objects.filter((o) => o.kind === "ConfigMap")) {
    for (const [key, text] of Object.entries(configMap.data ?? {})) {
      for (const m of String(text).matchAll(/^--(listen|metrics_listen|claims_addr)=(.*)$/gm)) {
        if (!m[2].startsWith("127.0.0.1:")) {
          throw new Error(`NETWORK SAFETY: ${configMap.metadata.name}/${key}: --${m[1]}=${m[2]} is not on 127.0.0.1`);
        }
      }
    }
  }
  for (const w of objects.filter((o) => o.kind === "Deployment" || o.kind === "Job")) {
    for (const env of w.spec.template.spec.containers.flatMap((c) => c.env ?? [])) {
      if (/_ADDR$/.test(env.name) && !String(env.value).startsWith("127.0.0.1:")) {
        throw new Error(`NETWORK SAFETY: ${w.metadata.name}: ${env.name}=${env.value} is not on 127.0.0.1`);
      }
    }
  }
}

// Removes containers left by an earlier harness run that was killed (its
// process is gone); never those of a harness still running.
async function removeStaleContainers() {
  const { stdout } = await podman(["ps", "--all", "--filter", `label=${LABEL}`, "--format",
                                   `{{.Names}} {{index .Labels "${LABEL}"}}`], { allowFail: true });
  for (const line of stdout.split("\n").filter(Boolean)) {
    const [name, owner] = line.split(" ");
    const [host, pid] = [owner.slice(0, owner.lastIndexOf("-")), Number(owner.slice(owner.lastIndexOf("-") + 1))];
    let alive = false;
    try { process.kill(pid, 0); alive = true; } catch { alive = false; }
    if (host === os.hostname() && !alive) {
      say(`removing ${name}, left by harness process ${pid}`);
      await podman(["rm", "--force", "--time", "0", name], { allowFail: true });
    }
  }
}

function parseArgs(argv) {
  const options = { overlay: "overlays/ci", livenessDrill: false };
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].split(/=(.*)/s);
    const value = () => inline ?? argv[++i];
    if (key === "--overlay") options.overlay = value();
    else if (key === "--claimctl") options.claimctl = value();
    else if (key === "--article") options.article = value();
    else if (key === "--keep-logs") options.keepLogs = value();
    else if (key === "--liveness-drill") options.livenessDrill = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!options.claimctl || !options.article) throw new Error("--claimctl and --article are required");
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const objects = render(options.overlay);
  const deployments = objects.filter((o) => o.kind === "Deployment");
  const jobs = objects.filter((o) => o.kind === "Job");
  assertLoopbackOnly(objects);
  say(`rendered ${options.overlay}: ${objects.length} objects, ${deployments.length} Deployments, ${jobs.length} Jobs`);

  await removeStaleContainers();
  const ports = deployments.flatMap((d) => d.spec.template.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => p.containerPort)));
  const busy = [];
  for (const port of ports) if (!(await portFree(port))) busy.push(port);
  if (!expect(busy.length === 0, "the ci overlay's loopback ports are free", busy.length ? `in use: ${busy.join(", ")}` : ports.join(", "))) {
    return 1;
  }

  // The image: what the manifests rely on.
  const image = deployments[0].spec.template.spec.containers[0].image;
  const imageInfo = JSON.parse((await podman(["image", "inspect", image])).stdout)[0];
  expect(imageInfo.Config.User === "65532:65532", "the image runs as the numeric non-root user", imageInfo.Config.User);
  expect(imageInfo.Config.StopSignal === "SIGTERM", "the image's STOPSIGNAL is SIGTERM", imageInfo.Config.StopSignal);
  const shell = await podman(["run", "--rm", "--network", "none", "--pull", "never", "--entrypoint", "/bin/sh", image,
                              "-c", "true"], { allowFail: true });
  expect(shell.code !== 0, "the image has no shell", `/bin/sh: exit ${shell.code}`);

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrace-harness-"));
  const pods = deployments.map((d) => {
    if ((d.spec.replicas ?? 1) !== 1) throw new Error(`${d.metadata.name}: hostNetwork pods cannot have ${d.spec.replicas} replicas on one host`);
    return new PlayedPod(d, objects, workDir);
  });
  const supervisors = [];
  let exitCode = 1;
  try {
    // Deployments start together, as on a cluster; provenance reports
    // NOT_SERVING until claims is reachable, and becomes ready by itself.
    for (const pod of pods) await pod.start();
    for (const pod of pods) supervisors.push(pod.supervise());
    const readyBudget = Math.max(...pods.map((p) => {
      const s = p.container.startupProbe ?? {};
      return (s.periodSeconds ?? 10) * (s.failureThreshold ?? 3) + 30;
    }));
    const readyBy = Date.now() + readyBudget * 1000;
    while (Date.now() < readyBy && !pods.every((p) => p.ready)) await sleep(200);
    if (!expect(pods.every((p) => p.ready), "every Deployment's pod passed its startup and readiness probes",
                pods.map((p) => `${p.workload.metadata.name} ${p.ready ? "ready" : "NOT ready"}`).join(", "))) {
      throw new Error("pods not ready");
    }

    // What the pod specs asked of the runtime.
    for (const pod of pods) {
      const info = (await pod.state()).info;
      const limits = pod.container.resources?.limits ?? {};
      expect(info.HostConfig.ReadonlyRootfs === true && info.Config.User === "65532:65532" &&
             (info.EffectiveCaps ?? []).length === 0 &&
             (info.HostConfig.SecurityOpt ?? []).some((o) => o.startsWith("no-new-privileges")) &&
             info.HostConfig.NetworkMode === "host" &&
             (!limits.memory || info.HostConfig.Memory === bytes(limits.memory)),
             `${pod.workload.metadata.name} runs with its securityContext and limits`,
             `read-only root, user ${info.Config.User}, no capabilities, no-new-privileges, host network, ` +
             `memory ${info.HostConfig.Memory}`);
    }

    // The ingest Job, from inside the image.
    for (const job of jobs) {
      const result = await runJob(job, objects, workDir);
      const articles = Object.keys(objects.find((o) => o.kind === "ConfigMap" &&
        o.metadata.name === job.spec.template.spec.volumes?.find((v) => v.configMap)?.configMap.name)?.data ?? {});
      expect(result.exitCode === 0 && /articles\//.test(result.logs), `Job ${job.metadata.name} ingested its articles`,
             `${articles.join(", ")}; ${result.attempts} attempt(s)`);
    }

    // Drive the services from the host with claimctl, as a user would.
    const env = {};
    for (const pod of pods) {
      const grpcPort = pod.container.ports.find((p) => p.name === "grpc").containerPort;
      if (pod.container.command[0].endsWith("claims_service")) env.CLAIMTRACE_CLAIMS_ADDR = `127.0.0.1:${grpcPort}`;
      if (pod.container.command[0].endsWith("provenance_service")) env.CLAIMTRACE_PROVENANCE_ADDR = `127.0.0.1:${grpcPort}`;
    }
    const cli = (args, opts) => claimctl(options.claimctl, env, args, opts);
    expect((await cli(["health"])).code === 0, "claimctl health: both services SERVING");
    const ingest = await cli(["ingest", options.article, "--output", "json"]);
    const ingested = parseJson(ingest.stdout)?.[0] ?? {};
    const articleName = ingested.article?.name ?? "";
    expect(ingest.code === 0 && articleName.startsWith("articles/") && ingested.claimCount > 0,
           `claimctl ingest ${path.basename(options.article)}`, `${articleName}, ${ingested.claimCount} claims`);
    const list = await cli(["claims", "list", "--output", "json"]);
    const listed = parseJson(list.stdout);
    const claims = Array.isArray(listed) ? listed : listed?.claims ?? [];
    expect(list.code === 0 && claims.length > 0, "claimctl claims list --output json lists claims",
           `${claims.length} claims`);
    // Trace claims until one has a source in the article just ingested: the
    // call goes to provenance, which asks claims for the claim.
    const articleText = fs.readFileSync(options.article, "utf8");
    let traced = null;
    for (const claim of claims.slice(0, 50)) {
      const trace = parseJson((await cli(["trace", claim.name, "--output", "json"])).stdout);
      const source = (trace?.sources ?? []).find((s) => s.article?.name === articleName);
      if (source) {
        traced = { claim: claim.name, source };
        break;
      }
    }
    expect(traced !== null && articleText.includes(traced.source.evidence?.quote ?? "\u0000"),
           "claimctl trace follows a claim through provenance and claims to its quote in the article",
           traced ? `${traced.claim} -> ${traced.source.evidence.paragraph} ` +
                    `[${traced.source.evidence.startOffset}, ${traced.source.evidence.endOffset})` : "no trace");
    for (const pod of pods) {
      const port = pod.container.ports.find((p) => p.name === "metrics").containerPort;
      const { status, body } = await httpGet(port, "/metrics");
      expect(status === 200 && /^# TYPE /m.test(body), `${pod.workload.metadata.name} serves /metrics on 127.0.0.1:${port}`,
             `HTTP ${status}, ${body.split("\n").filter((l) => l && !l.startsWith("#")).length} samples`);
    }

    // A crash: the claims container is killed; the harness restarts it (as
    // restartPolicy Always does), its data survives in the emptyDir, and both
    // pods become ready again by themselves.
    const claimsPod = pods.find((p) => p.container.command[0].endsWith("claims_service")) ?? pods[0];
    const before = claims.length;
    await podman(["kill", "--signal", "KILL", claimsPod.name]);
    const recoverBy = Date.now() + 90000;
    while (Date.now() < recoverBy && claimsPod.restarts === 0) await sleep(200);
    while (Date.now() < recoverBy && !pods.every((p) => p.ready)) await sleep(200);
    const afterListed = parseJson((await cli(["claims", "list", "--output", "json"])).stdout);
    const after = Array.isArray(afterListed) ? afterListed : afterListed?.claims ?? [];
    expect(claimsPod.restarts === 1 && pods.every((p) => p.ready) && after.length === before,
           "a killed claims container is restarted, keeps its data, and both pods are ready again",
           `${claimsPod.restarts} restart(s), ${after.length}/${before} claims`);
    // provenance noticed the outage (NOT_SERVING) and recovers by itself once
    // its channel to claims reconnects (gRPC's reconnect back-off): poll.
    const recovered = Date.now();
    let healthy = false;
    while (!healthy && Date.now() - recovered < 60000) {
      healthy = (await cli(["health"], { allowFail: true })).code === 0;
      if (!healthy) await sleep(500);
    }
    expect(healthy, "claimctl health: both SERVING again after the restart, without intervention",
           `${((Date.now() - recovered) / 1000).toFixed(1)} s after claims was ready`);

    if (options.livenessDrill) {
      // Freeze the provenance container: liveness fails, the harness restarts it.
      const pod = pods.find((p) => p !== claimsPod) ?? pods[0];
      const restarts = pod.restarts;
      await podman(["pause", pod.name]);
      const l = pod.container.livenessProbe;
      const by = Date.now() + ((l.periodSeconds ?? 10) * ((l.failureThreshold ?? 3) + 2) + 60) * 1000;
      while (Date.now() < by && pod.restarts === restarts) await sleep(500);
      await podman(["unpause", pod.name], { allowFail: true });
      while (Date.now() < by + 60000 && !pod.ready) await sleep(200);
      expect(pod.restarts === restarts + 1 && pod.ready && /liveness/.test(pod.lastRestartReason ?? ""),
             "a frozen container fails its liveness probe and is restarted", pod.lastRestartReason);
    }

    // Deletion: preStop sleep, SIGTERM, drain, exit 0 within the grace period.
    const stops = await Promise.all(pods.map((p) => p.terminate()));
    pods.forEach((pod, i) => {
      const { exitCode: code, stopSeconds, remaining } = stops[i];
      expect(code === 0 && stopSeconds < remaining, `${pod.workload.metadata.name} exited 0 on SIGTERM`,
             `exit ${code} after ${stopSeconds.toFixed(1)} s of the ${remaining} s left of its grace period`);
    });
    for (const pod of pods) {
      const logs = await pod.logs(20);
      expect(/"draining"/.test(logs) && /"stopped"/.test(logs), `${pod.workload.metadata.name} logged draining and stopped`);
    }
    exitCode = results.failed === 0 ? 0 : 1;
  } catch (error) {
    console.log(`FAIL harness: ${error.message}`);
    results.failed++;
  } finally {
    for (const pod of pods) pod.stopping = true;
    await Promise.allSettled(supervisors);
    if (results.failed) {
      for (const pod of pods) {
        console.log(`---- ${pod.name} (events, then last log lines)\n${pod.events.join("\n")}\n${await pod.logs(40)}`);
      }
    }
    if (options.keepLogs) {
      fs.mkdirSync(options.keepLogs, { recursive: true });
      for (const pod of pods) fs.writeFileSync(path.join(options.keepLogs, `${pod.workload.metadata.name}.log`), await pod.logs(100000));
    }
    const { stdout } = await podman(["ps", "--all", "--filter", `label=${LABEL}=${runId}`, "--format", "{{.Names}}"],
                                    { allowFail: true });
    for (const name of stdout.split("\n").filter(Boolean)) {
      await podman(["rm", "--force", "--time", "0", name], { allowFail: true });
    }
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  console.log(`podman-harness: ${results.passed} passed, ${results.failed} failed`);
  return results.failed === 0 ? exitCode : 1;
}

process.exitCode = await main().catch((error) => {
  console.log(`FAIL harness: ${error.stack ?? error}`);
  return 1;
});
